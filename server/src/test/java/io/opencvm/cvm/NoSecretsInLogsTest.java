package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A full on-chain flow (env, API key, the owner's private key on the chain, a commit token), then an update kept
 * under a commit token and committed with the token alone, and everything the server, its simulators and the chain
 * client printed meanwhile: none of those secrets (nor the tokens in the refusals' bodies).
 */
@ServerTest
@Import(SettableClock.Config.class)
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsTest extends OnchainTestBase {

    private static final String ENV_VALUE = "env-secret-7f3a9c51d2";
    private static final String UPDATE_ENV_VALUE = "update-secret-40c2e9b7a1";
    private static final String UPDATED_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

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

        TestHttp.Reply kept = http(alice).patch("/cvms/" + source.vmUuid(), Map.of("docker_compose_file", UPDATED_COMPOSE,
                "encrypted_env", encryptedEnv(fleet.chainKmsId, source.app(), UPDATE_ENV_VALUE)));
        assertThat(kept.status()).as(kept.body()).isEqualTo(465);
        String updateToken = details(kept).get("commit_token").asString();
        String hash = details(kept).get("compose_hash").asString();
        TestHttp keyless = TestHttp.to(port).api().version("2026-01-21");
        TestHttp.Reply applied = keyless.post("/cvms/" + source.vmUuid() + "/commit-update", Map.of("token", updateToken,
                "compose_hash", hash, "transaction_hash", fleet.addComposeHash(source.app(), hash)));
        assertThat(applied.status()).as(applied.body()).isEqualTo(202);
        TestHttp.Reply reusedUpdate = keyless.post("/cvms/" + source.vmUuid() + "/commit-update",
                Map.of("token", updateToken));
        assertThat(reusedUpdate.status()).isEqualTo(466);
        assertThat(reusedUpdate.body()).doesNotContain(updateToken);
        Await.until(() -> vmsOn(fleet.simA, source.vmUuid()), vms -> vms.size() == 1
                && UPDATE_ENV_VALUE.equals(fleet.simA.decryptedEnv(vms.get(0).id()).get("GREETING")), WAIT);

        String all = output.getAll();
        assertThat(all).doesNotContain(UPDATE_ENV_VALUE);
        assertThat(all).doesNotContain(updateToken).doesNotContain(updateToken.substring(3));
        assertThat(all).as("the flow was logged at all").contains(replica);
        assertThat(all).doesNotContain(ENV_VALUE);
        assertThat(all).doesNotContain(alice.apiKey());
        assertThat(all).doesNotContain(token).doesNotContain(token.substring(3));
        String privateKey = anvil.privateKey(0);
        assertThat(all).doesNotContainIgnoringCase(privateKey).doesNotContainIgnoringCase(privateKey.substring(2));
    }
}
