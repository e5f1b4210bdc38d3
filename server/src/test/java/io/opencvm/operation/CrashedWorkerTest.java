package io.opencvm.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.cvm.TestCvms;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmm.VmConfiguration;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker dies (or stalls) in the middle of a {@code create}: its lease expires, another worker takes the
 * operation over, and the node still ends up with exactly one VM for the CVM. Real node simulator, real
 * CVM operation handler; the workers are driven by hand so that the crash happens exactly where it should.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class CrashedWorkerTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    OperationQueue queue;
    @Autowired
    OperationStore store;
    @Autowired
    OperationHandler handler;
    @Autowired
    TransactionTemplate tx;

    private VmmSimulator sim;
    private VmmClient vmm;
    private long cvmId;
    private String vmUuid;
    private String vmName;
    private String appId;

    @BeforeEach
    void setUp() {
        jdbc.sql("UPDATE operations SET state = 'failed', lease_owner = NULL WHERE state IN ('pending', 'running')").update();
        String suffix = String.valueOf(System.nanoTime() % 1_000_000_000L);
        sim = VmmSimulator.start(NodeProfile.defaults("crash-" + suffix).toBuilder().timings(BootTimings.instant()).build());
        vmm = new VmmClients(Duration.ofSeconds(5)).forNode(sim.baseUri().toString(), null);
        TestAccount account = new TestAccounts(jdbc).workspaceWithKey("crash-" + suffix);
        long node = new TestNodes(jdbc).node("crash-" + suffix, sim.baseUri().toString(), null, 8, 16384, 10,
                "dstack-0.5.4");
        String name = "crash-" + suffix;
        appId = String.format("%040x", System.nanoTime());
        cvmId = new TestCvms(jdbc).cvm(account, appId, name, node, "provisioning");
        vmUuid = jdbc.sql("SELECT vm_uuid FROM cvms WHERE id = ?").param(cvmId).query(String.class).single();
        vmName = name + "@" + vmUuid;
        tx.executeWithoutResult(s -> queue.enqueue(cvmId, 0, OperationKind.CREATE, "test"));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private List<VmInfo> vmsOnNode() {
        List<VmInfo> vms = vmm.status(List.of(), vmUuid).vms();
        return vms == null ? List.of() : vms;
    }

    private String nodeVmId() {
        return jdbc.sql("SELECT node_vm_id FROM cvms WHERE id = ?").param(cvmId).query(String.class).optional().orElse(null);
    }

    @Test
    void aWorkerThatCrashedAfterCreateVmIsTakenOverWithoutASecondVm() {
        Instant t0 = Instant.now();
        Operation claimed = tx.execute(s -> store.claimNext("crashed-worker", t0, t0.plusSeconds(60))).orElseThrow();
        // Its CreateVm reached the node (same name, compose and app id the handler sends), then it died.
        String firstVm = vmm.createVm(VmConfiguration.of(vmName, "dstack-0.5.4", TestCvms.compose(vmName.split("@")[0]).json(),
                1, 2048, 20, null, appId));

        OperationEngine takeOver = new OperationEngine(store, handler, tx, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(61)),
                new RetryPolicy(Duration.ZERO, Duration.ZERO, 3), Duration.ofSeconds(60));
        assertThat(takeOver.runNext("second-worker")).isTrue();

        assertThat(vmsOnNode()).extracting(VmInfo::id).containsExactly(firstVm);
        assertThat(nodeVmId()).isEqualTo(firstVm);
        Operation done = store.find(claimed.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(done.attempts().made()).isEqualTo(2);
    }

    @Test
    void aStalledWorkerThatLostItsLeaseBeforeItsCreateSendsNothingAndTheNewOwnerMakesTheOneVm() {
        Instant t0 = Instant.now();
        Operation stalled = tx.execute(s -> store.claimNext("stalled-worker", t0, t0.plusSeconds(60))).orElseThrow();
        Instant t1 = t0.plusSeconds(61);
        Operation current = tx.execute(s -> store.claimNext("new-worker", t1, t1.plusSeconds(60))).orElseThrow();

        Lease stalledLease = new Lease(store, tx, Clock.fixed(t1, ZoneOffset.UTC), stalled.id(), "stalled-worker",
                stalled.claim().fence());
        // The create is noted under the lease before it is sent: a worker that lost its lease sends no CreateVm.
        assertThatThrownBy(() -> handler.handle(stalled, stalledLease)).isInstanceOf(LostLeaseException.class);
        assertThat(vmsOnNode()).isEmpty();
        assertThat(nodeVmId()).isNull();

        Lease currentLease = new Lease(store, tx, Clock.fixed(t1, ZoneOffset.UTC), current.id(), "new-worker",
                current.claim().fence());
        assertThat(handler.handle(current, currentLease)).isInstanceOf(Outcome.Done.class);
        assertThat(vmsOnNode()).hasSize(1);
        assertThat(nodeVmId()).isEqualTo(vmsOnNode().get(0).id());
        assertThat(vmsOnNode().get(0).name()).isEqualTo(vmName);
    }
}
