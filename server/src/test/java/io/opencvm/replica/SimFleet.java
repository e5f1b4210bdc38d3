package io.opencvm.replica;

import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One test's fleet: a KMS simulator with its own KMS row, and node simulators (real pRPC servers on
 * loopback, instant boots) registered as nodes of that KMS. Closing stops the simulators and removes
 * the nodes, so a later test's placement never sees them.
 */
public final class SimFleet implements AutoCloseable {

    static final String IMAGE = "dstack-0.5.4";
    private static final VmmClients CLIENTS = new VmmClients(Duration.ofSeconds(5));

    /** A registered node; {@code sim} is null for a node whose URL answers nothing. */
    public record SimNode(long id, String name, VmmSimulator sim) {

        public VmmClient vmm() {
            return CLIENTS.forNode(sim.baseUri().toString(), null);
        }

        public List<VmInfo> vms() {
            if (sim == null) {
                return List.of();
            }
            List<VmInfo> vms = vmm().status(List.of(), null).vms();
            return vms == null ? List.of() : vms;
        }
    }

    private final JdbcClient jdbc;
    private final String label;
    private final KmsSimulator kms;
    private final long kmsPk;
    private final List<SimNode> nodes = new ArrayList<>();

    public SimFleet(JdbcClient jdbc, String label) {
        this.jdbc = jdbc;
        this.label = label;
        this.kms = KmsSimulator.start(KmsProfile.defaults());
        this.kmsPk = new TestNodes(jdbc).devKms("kms-" + label, kms.baseUri().toString());
        jdbc.sql("UPDATE kms SET is_default = FALSE WHERE id <> ?").param(kmsPk).update();
    }

    long kmsPk() {
        return kmsPk;
    }

    /** Starts a node simulator and registers it with this capacity and the image {@link #IMAGE}. */
    public SimNode node(String name, int vcpu, int memoryMb, int slots) {
        VmmSimulator sim = VmmSimulator.start(NodeProfile.defaults(label + "-" + name).toBuilder()
                .timings(BootTimings.instant()).kmsUrl(kms.baseUri().toString()).build());
        return register(name, sim, sim.baseUri().toString(), vcpu, memoryMb, slots);
    }

    /** A node whose URL does not answer (a closed loopback port). */
    SimNode deadNode(String name) {
        return register(name, null, "http://127.0.0.1:9", 16, 32768, 20);
    }

    private SimNode register(String name, VmmSimulator sim, String url, int vcpu, int memoryMb, int slots) {
        String full = label + "-" + name;
        long id = new TestNodes(jdbc).node(full, url, kmsPk, vcpu, memoryMb, slots, IMAGE);
        SimNode node = new SimNode(id, full, sim);
        nodes.add(node);
        return node;
    }

    /** Every VM on every node of the fleet, by node-side VM id. */
    public List<VmInfo> allVms() {
        return nodes.stream().flatMap(n -> n.vms().stream()).toList();
    }

    /** The node's reservations as {@code vcpu/memory/disk/slots}. */
    public String reserved(SimNode node) {
        return jdbc.sql("""
                        SELECT vcpu_reserved || '/' || memory_mb_reserved || '/' || disk_gb_reserved || '/' || slots_reserved
                        FROM nodes WHERE id = ?""")
                .param(node.id()).query(String.class).single();
    }

    @Override
    public void close() {
        for (SimNode node : nodes) {
            if (node.sim() != null) {
                node.sim().close();
            }
        }
        kms.close();
        jdbc.sql("UPDATE nodes SET deleted_at = ? WHERE name LIKE ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC), label + "-%").update();
    }
}
