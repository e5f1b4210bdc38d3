package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmm.VmConfiguration;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A CreateVm whose outcome is unknown (the call timed out while the node held it) is not repeated blindly: later
 * attempts wait, within a bound, for the node to show the VM and adopt it; a second VM of ours that turns up anyway
 * is removed by the reconciler.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.2S",
        "opencvm.operations.retry.initial=PT0.2S", "opencvm.operations.retry.max=PT0.5S",
        "opencvm.nodes.probe-interval=PT1H", "opencvm.vmm.timeout=PT1S", "opencvm.operations.create-settle=PT60S"})
class UnansweredCreateTest extends CvmTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private KmsSimulator kms;
    private VmmSimulator sim;
    private VmmClient vmm;
    private TestAccount alice;
    private long nodeId;

    @BeforeEach
    void startNode() {
        kms = KmsSimulator.start(KmsProfile.defaults());
        String suffix = String.valueOf(SEQ.incrementAndGet());
        sim = VmmSimulator.start(NodeProfile.defaults("unanswered-" + suffix).toBuilder().timings(BootTimings.instant())
                .kmsUrl(kms.baseUri().toString()).build());
        TestNodes nodes = new TestNodes(jdbc);
        long kmsPk = nodes.devKms("kms-" + suffix, kms.baseUri().toString());
        nodeId = nodes.node("unanswered-" + suffix, sim.baseUri().toString(), kmsPk, 8, 16384, 10, IMAGE);
        vmm = new VmmClients(Duration.ofSeconds(5)).forNode(sim.baseUri().toString(), null);
        alice = account("unanswered");
    }

    @AfterEach
    void stopNode() {
        sim.close();
        kms.close();
    }

    private List<VmInfo> vmsOf(String vmUuid) {
        List<VmInfo> vms = vmm.status(List.of(), vmUuid).vms();
        return vms == null ? List.of() : vms;
    }

    private Map<String, Object> createOperation(String vmUuid) {
        return jdbc.sql("""
                SELECT o.attempts, o.waits, o.state FROM operations o JOIN cvms c ON c.id = o.cvm_id
                WHERE c.vm_uuid = ? AND o.kind = 'create'""").param(vmUuid).query().singleRow();
    }

    private String status(String vmUuid) {
        return jdbc.sql("SELECT status FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single();
    }

    @Test
    void aCreateHeldByTheNodePastTheTimeoutIsWaitedForAndAdoptedNotRepeated() {
        sim.faults().hang("CreateVm");
        String vmUuid = commitNew(alice, nodeId, appId(), name("held")).json().get("vm_uuid").asString();

        Map<String, Object> waiting = Await.until(() -> createOperation(vmUuid),
                op -> ((Number) op.get("waits")).intValue() >= 2, WAIT);
        assertThat(((Number) waiting.get("waits")).intValue()).as("attempts that waited: %s", waiting).isGreaterThanOrEqualTo(2);
        assertThat(vmsOf(vmUuid)).as("nothing on the node while the create is held").isEmpty();
        sim.faults().clear();

        assertThat(Await.until(() -> status(vmUuid), "running"::equals, WAIT)).isEqualTo("running");
        List<VmInfo> vms = vmsOf(vmUuid);
        assertThat(vms).hasSize(1);
        assertThat(jdbc.sql("SELECT node_vm_id FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single())
                .isEqualTo(vms.get(0).id());
        assertThat(createOperation(vmUuid).get("state")).isEqualTo("succeeded");
    }

    @Test
    void aSecondVmOfACvmThatKeepsAnotherIsRemovedByTheReconciler() {
        String name = name("dup");
        String vmUuid = commitNew(alice, nodeId, appId(), name).json().get("vm_uuid").asString();
        assertThat(Await.until(() -> status(vmUuid), "running"::equals, WAIT)).isEqualTo("running");
        String kept = jdbc.sql("SELECT node_vm_id FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single();

        String stray = vmm.createVm(VmConfiguration.of(name + "@" + vmUuid, IMAGE, TestCvms.compose("stray").json(), 1, 1024, 10, null, appId()));

        List<VmInfo> left = Await.until(() -> vmsOf(vmUuid), vms -> vms.size() == 1, WAIT);
        assertThat(left).extracting(VmInfo::id).containsExactly(kept).doesNotContain(stray);
        assertThat(status(vmUuid)).isEqualTo("running");
    }

    @Test
    void aVmWhoseUuidNoCvmHasIsNotOursAndIsLeftAlone() {
        String foreign = vmm.createVm(VmConfiguration.of("someone-else@not-a-cvm-of-ours", IMAGE, TestCvms.compose("stray").json(), 1, 1024, 10,
                null, appId()));
        String vmUuid = commitNew(alice, nodeId, appId(), name("beside")).json().get("vm_uuid").asString();
        assertThat(Await.until(() -> status(vmUuid), "running"::equals, WAIT)).isEqualTo("running");

        assertThat(vmm.getInfo(foreign).found()).isTrue();
    }
}
