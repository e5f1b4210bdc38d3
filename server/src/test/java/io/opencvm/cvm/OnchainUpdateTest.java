package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Updates of an on-chain app against a real DstackApp on anvil, through the replicas' gate: a compose hash the
 * contract does not allow is kept under a commit token (465), and {@code commit-update} (or {@code PATCH} with
 * {@code X-Compose-Hash}) applies it after {@code addComposeHash}; each refusal (466, 467, 468) changes nothing.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
class OnchainUpdateTest extends OnchainTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

    /** What an update may change: the row's revision, generation and env, and the operations. */
    private String updateSnapshot(String vmUuid) {
        return jdbc.sql("SELECT compose_hash || '/' || generation || '/' || encrypted_env FROM cvms WHERE vm_uuid = ?")
                .param(vmUuid).query(String.class).single() + "/" + count("operations");
    }

    private TestHttp.Reply update(Source source, String greeting) throws Exception {
        return http(alice).patch("/cvms/" + source.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE,
                "allowed_envs", List.of("GREETING"), "encrypted_env", encryptedEnv(fleet.chainKmsId, source.app(), greeting)));
    }

    /** {@code POST /cvms/{id}/commit-update} without any key: the token is the credential. */
    private TestHttp.Reply commit(Source source, String token, String composeHash, String tx) {
        return keyless().post("/cvms/" + source.vmUuid() + "/commit-update",
                Map.of("token", token, "compose_hash", composeHash, "transaction_hash", tx));
    }

    private TestHttp keyless() {
        return TestHttp.to(port).api().version("2026-01-21");
    }

    private VmInfo vmOnA(String vmUuid) {
        return vmsOn(fleet.simA, vmUuid).get(0);
    }

    @Test
    void aComposeHashTheContractDoesNotAllowIs465WithATokenAndAfterAddComposeHashTheCommitBootsIt() throws Exception {
        Source source = runningSource("before");
        String before = updateSnapshot(source.vmUuid());

        TestHttp.Reply refused = update(source, "after");

        assertThat(refused.status()).as(refused.body()).isEqualTo(465);
        assertThat(errorCode(refused)).isEqualTo("ERR-01-005");
        Map<String, JsonNode> details = details(refused);
        String hash = details.get("compose_hash").asString();
        String token = details.get("commit_token").asString();
        assertThat(hash).isNotEqualTo(source.composeHash());
        assertThat(details.get("onchain_status").toString())
                .isEqualTo("{\"compose_hash_allowed\":false,\"device_id_allowed\":true,\"is_allowed\":false}");
        assertThat(details.get("app_id").asString()).isEqualTo(source.appId());
        assertThat(details.get("device_id").asString()).isEqualTo(fleet.deviceA());
        assertThat(details.get("kms_info").get("chain_id").asLong()).isEqualTo(31337);
        assertThat(token).startsWith("ct_");
        assertThat(details.get("api_commit_url").asString()).endsWith("/cvms/" + source.vmUuid() + "/commit-update");
        assertThat(updateSnapshot(source.vmUuid())).isEqualTo(before);
        String event = jdbc.sql("SELECT data FROM webhook_events WHERE event_type = 'cvm.update.pending_approval'"
                + " AND order_key = ?").param(source.vmUuid()).query(String.class).single();
        assertThat(event).contains(hash).contains("\"prepare_only\":false").doesNotContain(token);
        TestHttp.Reply info = keyless().get("/cvms/" + source.vmUuid() + "/commit-update?token=" + token);
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        assertThat(info.json().get("compose_hash").asString()).isEqualTo(hash);
        assertThat(info.json().get("current_compose_hash").asString()).isEqualTo(source.composeHash());

        String tx = fleet.addComposeHash(source.app(), hash);
        TestHttp.Reply committed = commit(source, token, "0x" + hash, tx);

        assertThat(committed.status()).as(committed.body()).isEqualTo(202);
        assertThat(committed.json().get("correlation_id").asString()).startsWith("op_");
        JsonNode running = awaitUpdated(source.vmUuid(), hash);
        assertThat(running.get("status").asString()).isEqualTo("running");
        assertThat(fleet.simA.decryptedEnv(vmOnA(source.vmUuid()).id())).containsExactly(Map.entry("GREETING", "after"));

        String applied = updateSnapshot(source.vmUuid());
        TestHttp.Reply again = commit(source, token, "0x" + hash, tx);
        assertThat(again.status()).as(again.body()).isEqualTo(466);
        assertThat(updateSnapshot(source.vmUuid())).isEqualTo(applied);
    }

    @Test
    void commitsTheContractDoesNotBackAre467Or468AndChangeNothingThenTheHashHeaderConfirms() throws Exception {
        Source source = runningSource("refusals");
        Map<String, JsonNode> details = details(update(source, "confirmed"));
        String hash = details.get("compose_hash").asString();
        String token = details.get("commit_token").asString();
        String before = updateSnapshot(source.vmUuid());

        TestHttp.Reply stillNot = commit(source, token, "", "already-registered");
        TestHttp.Reply unknownTx = commit(source, token, "", "0x" + "ab".repeat(32));
        TestHttp.Reply wrongHash = commit(source, token, "0x" + "12".repeat(32), "");
        TestHttp.Reply headerStillNot = http(alice).with("X-Compose-Hash", "0x" + hash)
                .with("X-Transaction-Hash", "already-registered").patch("/cvms/" + source.vmUuid(), Map.of());

        assertThat(stillNot.status()).as(stillNot.body()).isEqualTo(468);
        assertThat(errorCode(stillNot)).isEqualTo("ERR-01-008");
        assertThat(unknownTx.status()).as(unknownTx.body()).isEqualTo(467);
        assertThat(errorCode(unknownTx)).isEqualTo("ERR-01-007");
        assertThat(wrongHash.status()).as(wrongHash.body()).isEqualTo(466);
        assertThat(headerStillNot.status()).as(headerStillNot.body()).isEqualTo(468);
        assertThat(updateSnapshot(source.vmUuid())).isEqualTo(before);

        String tx = fleet.addComposeHash(source.app(), hash);
        TestHttp.Reply confirmed = http(alice).with("X-Compose-Hash", "0x" + hash).with("X-Transaction-Hash", tx)
                .patch("/cvms/" + source.vmUuid(), Map.of());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(202);
        awaitUpdated(source.vmUuid(), hash);
        assertThat(fleet.simA.decryptedEnv(vmOnA(source.vmUuid()).id())).containsExactly(Map.entry("GREETING", "confirmed"));
        assertThat(commit(source, token, "", "").status()).as("the header used the token").isEqualTo(466);
    }

    @Test
    void prepareOnlyWhenTheContractAllowsStill465sAndTheTokenAloneCommitsOnlyItsOwnCvm() throws Exception {
        Source source = runningSource("prepared");
        TestAccount mallory = account("oc-mal");
        TestHttp.Reply malloryCvm = commitNew(mallory, fleet.nodeB, appId(), name("mal"));
        assertThat(malloryCvm.status()).as(malloryCvm.body()).isEqualTo(200);
        String before = updateSnapshot(source.vmUuid());

        TestHttp.Reply prepared = http(alice).with("X-Prepare-Only", "true").patch("/cvms/" + source.vmUuid(),
                Map.of("encrypted_env", encryptedEnv(fleet.chainKmsId, source.app(), "same compose")));
        String token = details(prepared).get("commit_token").asString();
        TestHttp.Reply foreign = keyless().post("/cvms/" + malloryCvm.json().get("vm_uuid").asString()
                + "/commit-update", Map.of("token", token));
        TestHttp.Reply missing = keyless().post("/cvms/" + UUID.randomUUID() + "/commit-update", Map.of("token", token));
        TestHttp.Reply foreignInfo = keyless().get("/cvms/" + malloryCvm.json().get("vm_uuid").asString()
                + "/commit-update?token=" + token);
        TestHttp.Reply otherRouteWithoutKey = keyless().get("/cvms/" + source.vmUuid());
        TestHttp.Reply updateWithoutKey = keyless().patch("/cvms/" + source.vmUuid(), Map.of("docker_compose_file", COMPOSE));
        TestHttp.Reply unknownToken = keyless().post("/cvms/" + source.vmUuid() + "/commit-update",
                Map.of("token", "ct_" + "0".repeat(48)));

        assertThat(prepared.status()).as(prepared.body()).isEqualTo(465);
        assertThat(details(prepared).get("onchain_status").toString())
                .isEqualTo("{\"compose_hash_allowed\":true,\"device_id_allowed\":true,\"is_allowed\":true}");
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").get("error_code").asString()).isEqualTo(errorCode(missing));
        assertThat(foreignInfo.status()).as(foreignInfo.body()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain(token);
        assertThat(otherRouteWithoutKey.status()).as(otherRouteWithoutKey.body()).isEqualTo(401);
        assertThat(updateWithoutKey.status()).as(updateWithoutKey.body()).isEqualTo(401);
        assertThat(unknownToken.status()).as(unknownToken.body()).isEqualTo(466);
        assertThat(errorCode(unknownToken)).isEqualTo("ERR-01-006");
        assertThat(updateSnapshot(source.vmUuid())).isEqualTo(before);

        TestHttp.Reply committed = commit(source, token, "", "already-registered");

        assertThat(committed.status()).as(committed.body()).isEqualTo(202);
        Await.until(() -> vmsOn(fleet.simA, source.vmUuid()), vms -> vms.size() == 1
                && Map.of("GREETING", "same compose").equals(fleet.simA.decryptedEnv(vms.get(0).id())), WAIT);
        awaitStatus(source.vmUuid(), "running");
        String applied = updateSnapshot(source.vmUuid());
        TestHttp.Reply reused = commit(source, token, "", "already-registered");
        assertThat(reused.status()).as(reused.body()).isEqualTo(466);
        assertThat(errorCode(reused)).isEqualTo("ERR-01-006");
        assertThat(updateSnapshot(source.vmUuid())).isEqualTo(applied);
    }

    @Test
    void aKeptUpdateIsListedAsPendingWithItsPreviewAndTheAllowanceChecksFollowTheContract() throws Exception {
        Source source = runningSource("pending");
        String hash = details(update(source, "pending")).get("compose_hash").asString();
        String app = "/apps/" + source.appId();

        JsonNode pending = http(alice).get(app + "/pending-updates").json().get("items");
        JsonNode preview = http(alice).get(app + "/pending-updates/" + source.vmUuid() + "/" + hash + "/preview").json();
        JsonNode before = http(alice).post(app + "/is-allowed", Map.of("compose_hash", "0x" + hash)).json();
        String tx = fleet.addComposeHash(source.app(), hash);
        JsonNode after = http(alice).post(app + "/is-allowed", Map.of("compose_hash", hash, "node_id", fleet.nodeB)).json();
        JsonNode batch = http(alice).post(app + "/cvms/is-allowed", Map.of()).json();
        JsonNode kmsInfo = http(alice).get(app + "/kms-info").json();

        assertThat(pending).singleElement().satisfies(item -> {
            assertThat(item.get("vm_uuid").asString()).isEqualTo(source.vmUuid());
            assertThat(item.get("compose_hash").asString()).isEqualTo(hash);
            assertThat(item.get("on_chain").asBoolean()).isFalse();
        });
        assertThat(http(alice).get(app + "/pending-updates").json().get("items").get(0).get("on_chain").asBoolean())
                .as("allowed after addComposeHash (" + tx + ")").isTrue();
        assertThat(preview.get("current_docker_compose").asString()).isEqualTo(COMPOSE);
        assertThat(preview.get("pending_docker_compose").asString()).isEqualTo(NEW_COMPOSE);
        assertThat(before.get("compose_hash_allowed").asBoolean()).isFalse();
        assertThat(before.get("device_id").asString()).isEqualTo(fleet.deviceA());
        assertThat(before.get("is_allowed").asBoolean()).isFalse();
        assertThat(before.get("app_contract_address").asString()).isEqualToIgnoringCase(source.app());
        assertThat(after.get("compose_hash_allowed").asBoolean()).isTrue();
        assertThat(after.get("device_id").asString()).isEqualTo(fleet.deviceB());
        assertThat(after.get("device_id_allowed").asBoolean()).isFalse();
        assertThat(after.get("allow_any_device").asBoolean()).isFalse();
        assertThat(batch.get("is_onchain").asBoolean()).isTrue();
        assertThat(batch.get("results")).singleElement().satisfies(r -> {
            assertThat(r.get("compose_hash").asString()).isEqualTo(source.composeHash());
            assertThat(r.get("is_allowed").asBoolean()).isTrue();
        });
        assertThat(batch.get("allowed_count").asInt()).isEqualTo(1);
        assertThat(kmsInfo.get("is_onchain_kms").asBoolean()).isTrue();
        assertThat(kmsInfo.get("chain_id").asLong()).isEqualTo(31337);
        assertThat(kmsInfo.get("app_contract_address").asString()).isEqualTo("0x" + source.appId());
        assertThat(kmsInfo.get("deployer_address").asString()).isEqualTo(anvil.address(0).toLowerCase());
        assertThat(kmsInfo.get("deployer_type").asString()).isEqualTo("eoa");
        assertThat(kmsInfo.get("is_contract").asBoolean()).isFalse();
        assertThat(kmsInfo.get("safe_app_url").isNull()).isTrue();
    }

    @Test
    void envsWithTheAllowedNamesKeepTheHashAndPassWhileANewNameWaitsForItsHashAndTheSecondPhaseAppliesIt()
            throws Exception {
        Source source = runningSource("envs");
        String path = "/cvms/" + source.vmUuid() + "/envs";

        TestHttp.Reply same = http(alice).patch(path, Map.of("env_keys", List.of("GREETING"),
                "encrypted_env", encryptedEnv(fleet.chainKmsId, source.app(), "same names")));

        assertThat(same.status()).as(same.body()).isEqualTo(202);
        assertThat(same.json().get("allowed_envs_changed").asBoolean()).isFalse();
        Await.until(() -> vmsOn(fleet.simA, source.vmUuid()), vms -> vms.size() == 1
                && Map.of("GREETING", "same names").equals(fleet.simA.decryptedEnv(vms.get(0).id())), WAIT);
        awaitStatus(source.vmUuid(), "running");
        assertThat(updateSnapshot(source.vmUuid())).startsWith(source.composeHash() + "/");

        String env = encryptedEnv(fleet.chainKmsId, source.app(), "two names");
        List<String> names = List.of("GREETING", "API_TOKEN");
        TestHttp.Reply first = http(alice).patch(path, Map.of("env_keys", names, "encrypted_env", env));
        assertThat(first.status()).as(first.body()).isEqualTo(465);
        String hash = details(first).get("compose_hash").asString();
        assertThat(hash).isNotEqualTo(source.composeHash());
        String before = updateSnapshot(source.vmUuid());

        TestHttp.Reply wrongHash = http(alice).patch(path, Map.of("env_keys", names, "encrypted_env", env,
                "compose_hash", "12".repeat(32), "transaction_hash", "already-registered"));
        TestHttp.Reply stillNot = http(alice).patch(path, Map.of("env_keys", names, "encrypted_env", env,
                "compose_hash", hash, "transaction_hash", "already-registered"));
        TestHttp.Reply unknownTx = http(alice).patch(path, Map.of("env_keys", names, "encrypted_env", env,
                "compose_hash", hash, "transaction_hash", "0x" + "ab".repeat(32)));

        assertThat(wrongHash.status()).as(wrongHash.body()).isEqualTo(400);
        assertThat(errorCode(wrongHash)).isEqualTo("ERR-02-008");
        assertThat(stillNot.status()).as(stillNot.body()).isEqualTo(468);
        assertThat(unknownTx.status()).as(unknownTx.body()).isEqualTo(467);
        assertThat(updateSnapshot(source.vmUuid())).isEqualTo(before);

        String tx = fleet.addComposeHash(source.app(), hash);
        TestHttp.Reply second = http(alice).patch(path, Map.of("env_keys", names, "encrypted_env", env,
                "compose_hash", "0x" + hash, "transaction_hash", tx));

        assertThat(second.status()).as(second.body()).isEqualTo(202);
        assertThat(second.json().get("allowed_envs_changed").asBoolean()).isTrue();
        awaitUpdated(source.vmUuid(), hash);
        assertThat(http(alice).get("/apps/" + source.appId() + "/pending-updates").json().get("items"))
                .as("the update the 465 kept was used up by the second phase").isEmpty();
    }

    @Test
    void aNewInstanceWithItsOwnComposeIsGatedByItsNewHashAndItsCommitBootsIt() throws Exception {
        Source source = runningSource("instance");
        String instances = "/apps/" + source.appId() + "/instances";
        String before = replicaSnapshot();

        TestHttp.Reply refused = http(alice).post(instances, Map.of("node_id", fleet.nodeA,
                "docker_compose_file", NEW_COMPOSE));

        assertThat(refused.status()).as(refused.body()).isEqualTo(465);
        Map<String, JsonNode> details = details(refused);
        String hash = details.get("compose_hash").asString();
        assertThat(hash).isNotEqualTo(source.composeHash());
        assertThat(details.get("onchain_status").get("compose_hash_allowed").asBoolean()).isFalse();
        assertThat(replicaSnapshot()).isEqualTo(before);
        String token = details.get("commit_token").asString();
        TestHttp.Reply early = http(alice).post(instances, Map.of("token", token, "compose_hash", "0x" + hash,
                "transaction_hash", "already-registered"));
        assertThat(early.status()).as(early.body()).isEqualTo(468);
        assertThat(replicaSnapshot()).isEqualTo(before);

        String tx = fleet.addComposeHash(source.app(), hash);
        TestHttp.Reply committed = http(alice).post(instances, Map.of("token", token, "compose_hash", "0x" + hash,
                "transaction_hash", tx));

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        String vmUuid = committed.json().get("vm_uuid").asString();
        awaitUpdated(vmUuid, hash);
        assertThat(updateSnapshot(source.vmUuid())).startsWith(source.composeHash() + "/");
    }

    /** The CVM runs again and its VM booted the compose with {@code hash}. */
    private JsonNode awaitUpdated(String vmUuid, String hash) {
        Await.until(() -> vmsOn(fleet.simA, vmUuid), vms -> vms.size() == 1
                && vms.get(0).configuration() != null
                && hash.equals(AppCompose.sha256Hex(vms.get(0).configuration().composeFile())), WAIT);
        return awaitStatus(vmUuid, "running");
    }
}
