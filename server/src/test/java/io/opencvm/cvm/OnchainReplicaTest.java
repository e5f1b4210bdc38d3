package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestHttp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Replicas of an on-chain app against a real DstackApp on anvil: the 465 plan, commit-replica with a
 * registration transaction, and each refusal (466, 467, 468) creating nothing.
 */
@ServerTest
@Import(SettableClock.Config.class)
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
class OnchainReplicaTest extends OnchainTestBase {

    @Autowired
    SettableClock clock;

    /** Replicates to node B (not allowed yet): asserts the 465 and that nothing was created; returns the token. */
    private String refusedToNodeB(Source source) {
        String before = replicaSnapshot();
        TestHttp.Reply refused = replicate(source, fleet.nodeB);

        assertThat(refused.status()).as(refused.body()).isEqualTo(465);
        assertThat(errorCode(refused)).isEqualTo("ERR-01-005");
        assertThat(replicaSnapshot()).isEqualTo(before);
        return details(refused).get("commit_token").asString();
    }

    @Test
    void replicaToANodeWhoseDeviceIsNotAllowedIs465AndAfterAddDeviceTheCommitBootsItThere() throws Exception {
        Source source = runningSource("replica");
        String before = replicaSnapshot();

        TestHttp.Reply refused = replicate(source, fleet.nodeB);

        assertThat(refused.status()).as(refused.body()).isEqualTo(465);
        assertThat(errorCode(refused)).isEqualTo("ERR-01-005");
        Map<String, JsonNode> details = details(refused);
        assertThat(details.get("onchain_status").toString())
                .isEqualTo("{\"compose_hash_allowed\":true,\"device_id_allowed\":false,\"is_allowed\":false}");
        assertThat(details.get("compose_hash").asString()).isEqualTo(source.composeHash());
        assertThat(details.get("app_id").asString()).isEqualTo(source.appId());
        assertThat(details.get("device_id").asString()).isEqualTo(fleet.deviceB());
        assertThat(details.get("kms_info").get("chain_id").asLong()).isEqualTo(31337);
        assertThat(details.get("commit_token").asString()).startsWith("ct_");
        assertThat(details.get("api_commit_url").asString()).endsWith("/cvms/" + source.vmUuid() + "/commit-replica");
        assertThat(replicaSnapshot()).isEqualTo(before);

        String tx = fleet.addDevice(source.app(), fleet.deviceB());
        TestHttp.Reply committed = commitReplica(source, details.get("commit_token").asString(), "0x" + source.composeHash(), tx);

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        String replica = committed.json().get("vm_uuid").asString();
        assertThat(committed.json().get("teepod_id").asLong()).isEqualTo(fleet.nodeB);
        assertThat(committed.json().get("app_id").asString()).isEqualTo(source.appId());
        awaitStatus(replica, "running");
        assertThat(vmsOn(fleet.simB, replica)).singleElement()
                .satisfies(vm -> assertThat(vm.instanceId()).matches("[0-9a-f]{40}"));
        assertThat(fleet.simB.decryptedEnv(vmsOn(fleet.simB, replica).get(0).id())).containsEntry("GREETING", "replica");
    }

    @Test
    void alreadyRegisteredCommitsWhenTheContractAllowsAndTheTokenThenWorksNoMore() throws Exception {
        Source source = runningSource("already");
        String token = refusedToNodeB(source);
        fleet.addDevice(source.app(), fleet.deviceB());

        TestHttp.Reply committed = commitReplica(source, token, source.composeHash(), "already-registered");
        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        String before = replicaSnapshot();
        TestHttp.Reply again = commitReplica(source, token, source.composeHash(), "already-registered");

        assertThat(again.status()).as(again.body()).isEqualTo(466);
        assertThat(errorCode(again)).isEqualTo("ERR-01-006");
        assertThat(replicaSnapshot()).isEqualTo(before);
        awaitStatus(committed.json().get("vm_uuid").asString(), "running");
    }

    @Test
    void aTransactionHashThatDoesNotExistIs467AndCreatesNothing() throws Exception {
        Source source = runningSource("notx");
        String token = refusedToNodeB(source);
        fleet.addDevice(source.app(), fleet.deviceB());
        String before = replicaSnapshot();

        TestHttp.Reply refused = commitReplica(source, token, source.composeHash(), "0x" + "ab".repeat(32));

        assertThat(refused.status()).as(refused.body()).isEqualTo(467);
        assertThat(errorCode(refused)).isEqualTo("ERR-01-007");
        assertThat(replicaSnapshot()).isEqualTo(before);
    }

    @Test
    void aTransactionToAnotherContractIs467AndCreatesNothing() throws Exception {
        Source source = runningSource("othertx");
        String token = refusedToNodeB(source);
        fleet.addDevice(source.app(), fleet.deviceB());
        String other = fleet.deployApp(null, null);
        String otherTx = fleet.addDevice(other, fleet.deviceB());
        String before = replicaSnapshot();

        TestHttp.Reply refused = commitReplica(source, token, source.composeHash(), otherTx);

        assertThat(refused.status()).as(refused.body()).isEqualTo(467);
        assertThat(errorCode(refused)).isEqualTo("ERR-01-007");
        assertThat(replicaSnapshot()).isEqualTo(before);
    }

    @Test
    void aCommitWhileTheContractStillDoesNotAllowIs468AndCreatesNothing() throws Exception {
        Source source = runningSource("still");
        String token = refusedToNodeB(source);
        String unrelatedTx = fleet.addComposeHash(source.app(), "ee".repeat(32));
        String before = replicaSnapshot();

        TestHttp.Reply registered = commitReplica(source, token, source.composeHash(), "already-registered");
        TestHttp.Reply withTx = commitReplica(source, token, source.composeHash(), unrelatedTx);

        assertThat(registered.status()).as(registered.body()).isEqualTo(468);
        assertThat(errorCode(registered)).isEqualTo("ERR-01-008");
        assertThat(withTx.status()).as(withTx.body()).isEqualTo(468);
        assertThat(replicaSnapshot()).isEqualTo(before);
    }

    @Test
    void prepareOnlyWhenEverythingIsAllowedStill465sWithIsAllowedTrueAndCreatesNothing() throws Exception {
        Source source = runningSource("prepared");
        fleet.addDevice(source.app(), fleet.deviceB());
        String before = replicaSnapshot();

        TestHttp.Reply prepared = http(alice).with("X-Prepare-Only", "true")
                .post("/cvms/" + source.vmUuid() + "/replicas", Map.of("node_id", fleet.nodeB));

        assertThat(prepared.status()).as(prepared.body()).isEqualTo(465);
        assertThat(details(prepared).get("onchain_status").toString())
                .isEqualTo("{\"compose_hash_allowed\":true,\"device_id_allowed\":true,\"is_allowed\":true}");
        assertThat(replicaSnapshot()).isEqualTo(before);
    }

    @Test
    void aWrongComposeHashIs466AndCreatesNothing() throws Exception {
        Source source = runningSource("wronghash");
        String token = refusedToNodeB(source);
        fleet.addDevice(source.app(), fleet.deviceB());
        String before = replicaSnapshot();

        TestHttp.Reply refused = commitReplica(source, token, "0x" + "12".repeat(32), "already-registered");

        assertThat(refused.status()).as(refused.body()).isEqualTo(466);
        assertThat(errorCode(refused)).isEqualTo("ERR-01-006");
        assertThat(replicaSnapshot()).isEqualTo(before);
    }

    @Test
    void anExpiredCommitTokenIs466AndCreatesNothing() throws Exception {
        Source source = runningSource("expired");
        String token = refusedToNodeB(source);
        fleet.addDevice(source.app(), fleet.deviceB());
        String before = replicaSnapshot();
        TestHttp.Reply refused;
        clock.advance(Duration.ofDays(14).plusMinutes(1));
        try {
            refused = commitReplica(source, token, source.composeHash(), "already-registered");
        } finally {
            clock.reset();
        }

        assertThat(refused.status()).as(refused.body()).isEqualTo(466);
        assertThat(refused.json().get("detail").get("message").asString()).contains("expired");
        assertThat(replicaSnapshot()).isEqualTo(before);
    }
}
