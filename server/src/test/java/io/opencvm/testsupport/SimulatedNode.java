package io.opencvm.testsupport;

import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One simulated node (instant boots) and its development KMS, both over HTTP, registered with the server as the node
 * {@code name} under a KMS that becomes the default. Close it to take both away (a node that is gone).
 */
public final class SimulatedNode implements AutoCloseable {

    private final KmsSimulator kms;
    private final VmmSimulator vmm;
    private final long nodeId;

    private SimulatedNode(KmsSimulator kms, VmmSimulator vmm, long nodeId) {
        this.kms = kms;
        this.vmm = vmm;
        this.nodeId = nodeId;
    }

    public static SimulatedNode start(JdbcClient jdbc, String name) {
        KmsSimulator kms = KmsSimulator.start(KmsProfile.defaults());
        VmmSimulator vmm = VmmSimulator.start(NodeProfile.defaults(name).toBuilder().timings(BootTimings.instant())
                .kmsUrl(kms.baseUri().toString()).build());
        TestNodes nodes = new TestNodes(jdbc);
        long kmsPk = nodes.devKms("kms-" + name, kms.baseUri().toString());
        jdbc.sql("UPDATE kms SET is_default = FALSE WHERE id <> ?").param(kmsPk).update();
        return new SimulatedNode(kms, vmm, nodes.node(name, vmm.baseUri().toString(), kmsPk, 8, 16384, 10, "dstack-0.5.4"));
    }

    public long nodeId() {
        return nodeId;
    }

    @Override
    public void close() {
        vmm.close();
        kms.close();
    }
}
