package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The two-phase update: {@code X-Prepare-Only} keeps the update under a commit token (465, the replica's details),
 * then {@code commit-update} with the token, or {@code PATCH} with {@code X-Compose-Hash}, applies it once. On a KMS
 * without a chain, where prepare-only is the only way to reach a 465.
 */
class CommitUpdateTest extends UpdateTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

    private TestAccount alice;
    private SimNode a;
    private Source src;

    @BeforeEach
    void setUp() {
        alice = account("cu");
        a = fleet.node("a", 16, 32768, 20);
        src = source(alice, a);
    }

    private TestHttp.Reply prepare(Source cvm) {
        return api(alice).with("X-Prepare-Only", "true").patch("/cvms/" + cvm.vmUuid(), Map.of(
                "docker_compose_file", NEW_COMPOSE, "allowed_envs", List.of("GREETING"),
                "encrypted_env", sealed(cvm.envPubkey(), Map.of("GREETING", "committed"))));
    }

    private static Map<String, JsonNode> details(TestHttp.Reply reply) {
        Map<String, JsonNode> out = new HashMap<>();
        reply.json().at("/detail/details").forEach(d -> out.put(d.get("field").asString(), d.get("value")));
        return out;
    }

    private long unusedTokens() {
        return jdbc.sql("SELECT COUNT(*) FROM commit_tokens WHERE workspace_id = ? AND used_at IS NULL")
                .param(alice.workspaceId()).query(Long.class).single();
    }

    @Test
    void prepareOnlyKeepsTheUpdateUnderATokenAndTheCommitAppliesItOnce() {
        Row before = row(src.vmUuid());

        TestHttp.Reply prepared = prepare(src);

        assertThat(prepared.status()).as(prepared.body()).isEqualTo(465);
        assertThat(prepared.errorCode()).isEqualTo("ERR-01-005");
        Map<String, JsonNode> d = details(prepared);
        String hash = d.get("compose_hash").asString();
        String token = d.get("commit_token").asString();
        assertThat(hash).isNotEqualTo(src.composeHash()).hasSize(64);
        assertThat(d.get("app_id").asString()).isEqualTo(src.appId());
        assertThat(new TreeSet<>(d.get("kms_info").propertyNames())).containsExactlyInAnyOrder("id", "slug", "url",
                "version", "chain_id", "kms_contract_address", "gateway_app_id");
        assertThat(d.get("api_commit_url").asString()).endsWith("/api/v1/cvms/" + src.vmUuid() + "/commit-update");
        assertThat(d.get("commit_url").asString()).contains(token);
        assertThat(d.get("onchain_status").get("is_allowed").asBoolean()).isTrue();
        Row kept = row(src.vmUuid());
        assertThat(kept.revisions()).as("the prepared compose is kept as a revision").isEqualTo(before.revisions() + 1);
        assertThat(new Row(kept.composeHash(), kept.generation(), kept.encryptedEnv(), before.revisions(),
                new World(kept.world().cvms(), kept.world().operations(), kept.world().reserved(),
                        before.world().tokens(), kept.world().vms())))
                .as("nothing but the revision and the token is written").isEqualTo(before);
        String event = jdbc.sql("SELECT data FROM webhook_events WHERE event_type = 'cvm.update.pending_approval'"
                + " AND order_key = ?").param(src.vmUuid()).query(String.class).single();
        assertThat(event).contains(hash).contains("\"prepare_only\":true").doesNotContain(token);

        TestHttp.Reply info = api(alice).get("/cvms/" + src.vmUuid() + "/commit-update?token=" + token);
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        assertThat(info.json().get("compose_hash").asString()).isEqualTo(hash);
        assertThat(info.json().get("env_changed").asBoolean()).isTrue();
        assertThat(info.body()).doesNotContain(token);

        TestHttp.Reply committed = api(alice).post("/cvms/" + src.vmUuid() + "/commit-update",
                Map.of("token", token, "compose_hash", "", "transaction_hash", ""));

        assertThat(committed.status()).as(committed.body()).isEqualTo(202);
        assertThat(committed.json().get("correlation_id").asString()).startsWith("op_");
        assertThat(committed.json().get("status").asString()).isEqualTo("in_progress");
        awaitUpdated(alice, src.vmUuid());
        assertThat(AppCompose.sha256Hex(vmOf(a, src.vmUuid()).configuration().composeFile())).isEqualTo(hash);
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsExactly(Map.entry("GREETING", "committed"));

        Row applied = row(src.vmUuid());
        TestHttp.Reply again = api(alice).post("/cvms/" + src.vmUuid() + "/commit-update", Map.of("token", token));
        assertThat(again.status()).as(again.body()).isEqualTo(466);
        assertThat(again.errorCode()).isEqualTo("ERR-01-006");
        assertThat(row(src.vmUuid())).isEqualTo(applied);
    }

    @Test
    void theComposeHashHeaderConfirmsTheUpdatePreparedForThatHash() {
        String hash = details(prepare(src)).get("compose_hash").asString();

        TestHttp.Reply confirmed = api(alice).with("X-Compose-Hash", "0x" + hash)
                .with("X-Transaction-Hash", "already-registered").patch("/cvms/" + src.vmUuid(), Map.of());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(202);
        assertThat(confirmed.json().get("compose_hash").asString()).isEqualTo(hash);
        awaitUpdated(alice, src.vmUuid());
        assertThat(AppCompose.sha256Hex(vmOf(a, src.vmUuid()).configuration().composeFile())).isEqualTo(hash);
        assertThat(unusedTokens()).isZero();
    }

    @Test
    void badCommitsAreRefusedAndNothingChanges() {
        Source other = source(alice, a, "cu-other-" + System.nanoTime(), 1, 1024);
        Map<String, JsonNode> d = details(prepare(src));
        String token = d.get("commit_token").asString();
        String path = "/cvms/" + src.vmUuid() + "/commit-update";
        Row before = row(src.vmUuid());
        Row otherBefore = row(other.vmUuid());

        assertRefused(api(alice).post(path, Map.of()), 422, null);
        assertRefused(api(alice).post(path, "[1]"), 422, null);
        assertRefused(api(alice).get(path), 422, null);
        assertRefused(api(alice).post(path, Map.of("token", "ct_" + "0".repeat(48))), 466, "ERR-01-006");
        assertRefused(api(alice).post(path, Map.of("token", token, "compose_hash", "ab".repeat(32))), 466, "ERR-01-006");
        assertRefused(api(alice).post("/cvms/" + other.vmUuid() + "/commit-update", Map.of("token", token)), 466,
                "ERR-01-006");
        assertRefused(api(alice).post(path, Map.of("token", "   ")), 422, null);
        assertRefused(api(alice).post("/cvms/no-such-cvm/commit-update", Map.of("token", token)), 404, "ERR-03-001");
        assertRefused(api(alice).with("X-Compose-Hash", "ab".repeat(32)).patch("/cvms/" + src.vmUuid(), Map.of()),
                466, "ERR-01-006");
        assertRefused(api(alice).with("X-Compose-Hash", "nothex").patch("/cvms/" + src.vmUuid(), Map.of()),
                400, "ERR-02-008");
        assertRefused(api(alice).with("X-Compose-Hash", d.get("compose_hash").asString())
                .patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", "services: {}\n")), 400, "ERR-02-008");
        assertRefused(api(alice).with("X-Prepare-Only", "maybe").patch("/cvms/" + src.vmUuid(),
                Map.of("docker_compose_file", "services: {}\n")), 422, null);

        assertThat(row(src.vmUuid())).isEqualTo(before);
        assertThat(row(other.vmUuid())).isEqualTo(otherBefore);
        assertThat(unusedTokens()).isEqualTo(1);
    }

    @Test
    void anotherWorkspaceCannotCommitOrReadTheTokenAndNothingChanges() {
        String token = details(prepare(src)).get("commit_token").asString();
        TestAccount mallory = account("cu-mal");
        Row before = row(src.vmUuid());
        TestHttp.Reply read = api(mallory).get("/cvms/" + src.vmUuid());

        TestHttp.Reply commit = api(mallory).post("/cvms/" + src.vmUuid() + "/commit-update", Map.of("token", token));
        TestHttp.Reply info = api(mallory).get("/cvms/" + src.vmUuid() + "/commit-update?token=" + token);

        for (TestHttp.Reply refused : List.of(commit, info)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(read.status()).isEqualTo(404);
            assertThat(refused.errorCode()).isEqualTo(read.errorCode());
            assertThat(refused.body()).doesNotContain(token);
        }
        assertThat(row(src.vmUuid())).isEqualTo(before);
        assertThat(unusedTokens()).isEqualTo(1);
    }

    private void assertRefused(TestHttp.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (code != null) {
            assertThat(reply.errorCode()).as(reply.body()).isEqualTo(code);
        }
    }
}
