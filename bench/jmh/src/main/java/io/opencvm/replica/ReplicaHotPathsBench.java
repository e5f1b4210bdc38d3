package io.opencvm.replica;

import io.opencvm.app.AppCompose;
import io.opencvm.cvm.CvmJson;
import io.opencvm.cvm.CvmView;
import io.opencvm.jmh.Fixtures;
import io.opencvm.node.Node;
import io.opencvm.node.Placement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-process costs of one replicate, without HTTP or SQL: placing a replica among 10,000 nodes when its
 * source node is full (a full scan of the snapshot), and shaping the replica's JSON answer. Thin on
 * purpose: each benchmark is one call into the server's code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplicaHotPathsBench {

    private List<Node> fleet;
    private Placement.Demand demand;
    private CvmView view;
    private ReplicaPlan plan;
    private JsonMapper json;

    @Setup
    public void setUp() {
        fleet = Fixtures.fleet(10_000);
        demand = new Placement.Demand(1, Fixtures.replicaDemand(), Fixtures.IMAGE);
        Node target = fleet.get(1);
        view = Fixtures.view(Fixtures.cvm(42, target.id(), "web-replica-3"), target);
        plan = new ReplicaPlan(Fixtures.cvm(7, 1, "web"), Fixtures.cvm(7, 1, "web"), view.app(), view.kms(),
                new AppCompose(view.compose().toString(), view.cvm().spec().composeHash()), false, target, true,
                "source node cannot take the replica", null);
        json = JsonMapper.builder().build();
    }

    /** ReplicaPlacement.decide over 10,000 nodes, the source node full: every node is looked at. */
    @Benchmark
    public Node placementAmong10000Nodes() {
        return ReplicaPlacement.decide(null, 1L, 1L, demand, fleet).node();
    }

    /** The replica's answer: the VM record plus placement, written to a JSON string. */
    @Benchmark
    public String replicaJson() {
        return json.writeValueAsString(ReplicaJson.vm(view, plan));
    }

    /** The map shaping alone (CvmJson.vm), without writing it. */
    @Benchmark
    public Object cvmVmShape() {
        return CvmJson.vm(view);
    }

    /** Parsing the stored app compose, which the server does for every CVM view it builds. */
    @Benchmark
    public JsonNode composeParse() {
        return json.readTree(Fixtures.COMPOSE);
    }
}
