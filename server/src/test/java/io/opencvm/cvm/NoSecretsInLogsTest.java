package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A full on-chain flow (env, API key, the owner's private key on the chain, a commit token) and then
 * everything the server, its simulators and the chain client printed meanwhile: none of those secrets.
 */
@ServerTest
@Import(SettableClock.Config.class)
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsTest extends OnchainTestBase {

    private static final String ENV_VALUE = "env-secret-7f3a9c51d2";

    @Test
    void aFullOnChainFlowLogsNoEnvValueApiKeyPrivateKeyOrCommitToken(CapturedOutput output) throws Exception {
        Source source = runningSource(ENV_VALUE);
        TestHttp.Reply refused = replicate(source, fleet.nodeB);
        assertThat(refused.status()).as(refused.body()).isEqualTo(465);
        String token = details(refused).get("commit_token").asString();
        TestHttp.Reply used = commitReplica(source, token, source.composeHash(), fleet.addDevice(source.app(), fleet.deviceB()));
        assertThat(used.status()).as(used.body()).isEqualTo(200);
        String replica = used.json().get("vm_uuid").asString();
        awaitStatus(replica, "running");
        TestHttp.Reply reused = commitReplica(source, token, source.composeHash(), "already-registered");
        assertThat(reused.status()).isEqualTo(466);
        TestHttp.Reply badKey = TestHttp.to(port).api().as(alice.apiKey() + "x").version("2026-01-21").get("/cvms/" + source.vmUuid());
        assertThat(badKey.status()).isEqualTo(401);
        assertThat(fleet.simB.decryptedEnv(vmsOn(fleet.simB, replica).get(0).id())).containsEntry("GREETING", ENV_VALUE);

        String all = output.getAll();
        assertThat(all).as("the flow was logged at all").contains(replica);
        assertThat(all).doesNotContain(ENV_VALUE);
        assertThat(all).doesNotContain(alice.apiKey());
        assertThat(all).doesNotContain(token).doesNotContain(token.substring(3));
        String privateKey = anvil.privateKey(0);
        assertThat(all).doesNotContainIgnoringCase(privateKey).doesNotContainIgnoringCase(privateKey.substring(2));
    }
}
