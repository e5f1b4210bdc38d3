package io.opencvm.jmh;

import io.opencvm.app.App;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmOrigin;
import io.opencvm.cvm.CvmPlacement;
import io.opencvm.cvm.CvmSpec;
import io.opencvm.cvm.CvmState;
import io.opencvm.cvm.CvmStatus;
import io.opencvm.cvm.CvmTimes;
import io.opencvm.cvm.CvmView;
import io.opencvm.cvm.DesiredState;
import io.opencvm.cvm.Observation;
import io.opencvm.cvm.Owner;
import io.opencvm.kms.Kms;
import io.opencvm.node.Node;
import io.opencvm.node.NodeFacts;
import io.opencvm.node.NodeImage;
import io.opencvm.node.NodeSettings;
import io.opencvm.node.NodeStatus;
import io.opencvm.node.Resources;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationKind;
import io.opencvm.operation.OperationState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only place the JMH benchmarks build the server's records, so that a renamed or regrouped record
 * (issue 12) is one edit here. Values look like a replica right after replicate.
 */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    public static final String IMAGE = "dstack-0.5.4";
    public static final String COMPOSE = "{\"docker_compose_file\":\"services:\\n  web:\\n    image: nginx:1.27\\n\","
            + "\"allowed_envs\":[],\"features\":[\"kms\",\"tproxy-net\"],\"gateway_enabled\":true,\"kms_enabled\":true,"
            + "\"manifest_version\":2,\"name\":\"web\",\"public_logs\":true,\"public_sysinfo\":true,"
            + "\"public_tcbinfo\":true,\"runner\":\"docker-compose\",\"secure_time\":false}";

    private Fixtures() {
    }

    /** A node open to all with the standard image; {@code free} vCPUs left of 256. */
    public static Node node(long id, int free) {
        return new Node(id, "node-" + id,
                new NodeSettings("http://127.0.0.1:9/", null, null, true, true, 1L,
                        new Resources(256, 1_048_576, 40_000, 300), "ab".repeat(32)),
                Set.of(), new Resources(256 - free, 2048 * (256 - free), 20 * (256 - free), 256 - free),
                new NodeFacts("0.5.4", null, null, List.of(new NodeImage(IMAGE, "0.5.4", false, "cd".repeat(32)))),
                NodeStatus.ONLINE, NOW);
    }

    /** {@code count} nodes; node 1 (the source's) is full, the others have from 1 to 200 vCPUs free. */
    public static List<Node> fleet(int count) {
        List<Node> nodes = new ArrayList<>(count);
        nodes.add(node(1, 0));
        for (int i = 2; i <= count; i++) {
            nodes.add(node(i, 1 + (i * 7919) % 200));
        }
        return nodes;
    }

    public static Resources replicaDemand() {
        return new Resources(1, 2048, 20, 1);
    }

    public static Cvm cvm(long id, long nodeId, String name) {
        return new Cvm(id, "cvm_" + Long.toString(id, 36) + "abcdefghijklmnop", 1, name,
                "5b3f8c8e-2a1d-4c3b-9e8f-0a1b2c3d4e5f",
                new CvmOrigin(1, "0123456789abcdef0123456789abcdef01234567", 1, 7L),
                new CvmSpec("ef".repeat(32), IMAGE, "tdx.small", replicaDemand(), "aa".repeat(200), false),
                new CvmPlacement(nodeId, null, true),
                new CvmState(DesiredState.RUNNING, CvmStatus.PROVISIONING,
                        new Observation(null, null, null, null, null, null, null), Cvm.FIRST_GENERATION),
                new CvmTimes(NOW, NOW, null, null));
    }

    public static CvmView view(Cvm cvm, Node node) {
        App app = new App(1, "app_0123456789abcdef", cvm.origin().appId(), 1, 1, "web", 1L, "phala", "12".repeat(32), NOW);
        Kms kms = new Kms(1, "kms-sim", "sim", "http://127.0.0.1:1/", "v0.5.4", null, null, null, null, true);
        Owner owner = new Owner("ws_default", "Default", "default", 1, "usr_admin", "admin");
        Operation op = new Operation(1, "op_0123456789ab", cvm.id(), OperationKind.CREATE, 0, OperationState.PENDING,
                "replica of web by admin", new Operation.Claim(null, null, 0), new Operation.Attempts(0, NOW, null),
                new Operation.Times(NOW, NOW, null));
        return new CvmView(cvm, app, node, kms, owner, op, compose());
    }

    public static JsonNode compose() {
        return JsonMapper.builder().build().readTree(COMPOSE);
    }
}
