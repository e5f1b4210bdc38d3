package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code X-Prepare-Only: true} on a KMS without a chain (465 with a commit token), then commit-replica. */
class PrepareOnlyAndCommitReplicaTest extends ReplicaTestBase {

    private TestAccount alice;
    private SimNode b;
    private Source src;

    @BeforeEach
    void setUp() {
        alice = account("prep");
        SimNode a = fleet.node("a", 16, 32768, 20);
        b = fleet.node("b", 16, 32768, 20);
        src = source(alice, a);
    }

    private TestHttp.Reply prepare() {
        return replicate(api(alice).with("X-Prepare-Only", "true"), src.vmUuid(), Map.of("node_id", b.id()));
    }

    private static Map<String, JsonNode> details(TestHttp.Reply reply) {
        Map<String, JsonNode> out = new HashMap<>();
        reply.json().at("/detail/details").forEach(d -> out.put(d.get("field").asString(), d.get("value")));
        return out;
    }

    private TestHttp.Reply commit(Map<String, Object> body) {
        return api(alice).post("/cvms/" + src.vmUuid() + "/commit-replica", body);
    }

    private Map<String, Object> commitBody(String token) {
        return Map.of("token", token, "compose_hash", "0x" + src.composeHash(), "transaction_hash", "already-registered");
    }

    @Test
    void prepareOnlyAnswers465WithEverythingTheCliReadsAndCreatesNoReplica() {
        World before = world();

        TestHttp.Reply reply = prepare();

        assertThat(reply.status()).as(reply.body()).isEqualTo(465);
        assertThat(reply.errorCode()).isEqualTo("ERR-01-005");
        assertThat(reply.json().at("/detail/message").asString()).isNotBlank();
        Map<String, JsonNode> d = details(reply);
        assertThat(d.get("compose_hash").asString()).isEqualTo(src.composeHash());
        assertThat(d.get("app_id").asString()).isEqualTo(src.appId());
        assertThat(d.get("device_id").asString()).isEqualTo(jdbc.sql("SELECT device_id FROM nodes WHERE id = ?")
                .param(b.id()).query(String.class).single());
        assertThat(new TreeSet<>(d.get("kms_info").propertyNames())).containsExactlyInAnyOrder("id", "slug", "url",
                "version", "chain_id", "kms_contract_address", "gateway_app_id");
        assertThat(d.get("commit_token").asString()).isNotBlank();
        assertThat(d.get("commit_url").asString()).contains("/commit-replica").contains(d.get("commit_token").asString());
        assertThat(d.get("api_commit_url").asString()).endsWith("/api/v1/cvms/" + src.vmUuid() + "/commit-replica");
        assertThat(d.get("onchain_status").get("compose_hash_allowed").asBoolean()).isTrue();
        assertThat(d.get("onchain_status").get("device_id_allowed").asBoolean()).isTrue();
        assertThat(d.get("onchain_status").get("is_allowed").asBoolean()).isTrue();
        World after = world();
        assertThat(after.tokens()).isEqualTo(before.tokens() + 1);
        assertThat(new World(after.cvms(), after.operations(), after.reserved(), before.tokens(), after.vms()))
                .isEqualTo(before);
        assertThat(b.vms()).isEmpty();
        String event = jdbc.sql("SELECT data FROM webhook_events WHERE event_type = 'cvm.replica.pending_approval'"
                + " AND order_key = ?").param(src.vmUuid()).query(String.class).single();
        assertThat(event).contains(src.composeHash()).contains("\"prepare_only\":true")
                .doesNotContain(d.get("commit_token").asString());
    }

    @Test
    void aPreparedReplyUnderAnIdempotencyKeyKeepsNoTokenAtRestYetReplaysTheSameToken() {
        String idempotencyKey = "prep-" + System.nanoTime();
        TestHttp.Reply first = replicate(api(alice).with("X-Prepare-Only", "true").with("Idempotency-Key", idempotencyKey),
                src.vmUuid(), Map.of("node_id", b.id()));
        assertThat(first.status()).as(first.body()).isEqualTo(465);
        String token = details(first).get("commit_token").asString();

        Map<String, Object> row = jdbc.sql("SELECT idem_key, response_body FROM idempotency_keys WHERE workspace_id = ?")
                .param(alice.workspaceId()).query().singleRow();
        assertThat(String.valueOf(row.get("idem_key"))).doesNotContain(idempotencyKey);
        assertThat(String.valueOf(row.get("response_body"))).doesNotContain(token).doesNotContain(src.composeHash());

        TestHttp.Reply again = replicate(api(alice).with("X-Prepare-Only", "true").with("Idempotency-Key", idempotencyKey),
                src.vmUuid(), Map.of("node_id", b.id()));
        assertThat(again.status()).isEqualTo(465);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(commit(commitBody(token)).status()).isEqualTo(200);
    }

    @Test
    void commitReplicaRedeemsTheTokenOnceAndTheReplicaRunsOnThePreparedNode() {
        String token = details(prepare()).get("commit_token").asString();

        TestHttp.Reply committed = commit(commitBody(token));

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        JsonNode vm = committed.json();
        for (String key : List.of("id", "name", "status", "teepod_id", "teepod", "app_id", "vm_uuid", "instance_id",
                "vcpu", "memory", "disk_size", "created_at", "encrypted_env_pubkey")) {
            assertThat(vm.has(key)).as(key).isTrue();
        }
        assertThat(vm.get("app_id").asString()).isEqualTo(src.appId());
        assertThat(vm.get("teepod_id").asLong()).isEqualTo(b.id());
        assertThat(vm.get("name").asString()).isEqualTo(src.name() + "-replica-1");
        awaitRunning(alice, vm.get("vm_uuid").asString());
        assertThat(b.vms()).hasSize(1);
        World after = world();

        TestHttp.Reply twice = commit(commitBody(token));
        assertRefusedAndNothingChanged(twice, 466, "ERR-01-006", after);
        assertThat(twice.body()).doesNotContain(token);
    }

    @Test
    void theTokenMayComeAsAQueryParameterLikeTheCommitUrl() {
        Map<String, JsonNode> d = details(prepare());
        String path = d.get("commit_url").asString().replaceFirst("^.*/api/v1", "");

        TestHttp.Reply committed = api(alice).post(path, Map.of("compose_hash", src.composeHash()));

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        assertThat(committed.json().get("teepod_id").asLong()).isEqualTo(b.id());
    }

    @Test
    void aWrongComposeHashAnUnknownTokenAnotherSourceOrAnExpiredTokenIs466AndCreatesNothing() {
        String token = details(prepare()).get("commit_token").asString();
        Source other = source(alice, b);
        World before = world();

        assertRefusedAndNothingChanged(commit(Map.of("token", token, "compose_hash", "ab".repeat(32))), 466,
                "ERR-01-006", before);
        assertRefusedAndNothingChanged(commit(commitBody("ct_" + "0".repeat(48))), 466, "ERR-01-006", before);
        assertRefusedAndNothingChanged(api(alice).post("/cvms/" + other.vmUuid() + "/commit-replica",
                Map.of("token", token, "compose_hash", other.composeHash())), 466, "ERR-01-006", before);
        assertRefusedAndNothingChanged(api(account("bob")).post("/cvms/" + src.vmUuid() + "/commit-replica",
                commitBody(token)), 404, "ERR-03-001", before);
        assertRefusedAndNothingChanged(commit(Map.of("compose_hash", src.composeHash())), 422, null, before);

        clock.advance(Duration.ofDays(15));
        assertRefusedAndNothingChanged(commit(commitBody(token)), 466, "ERR-01-006", before);
    }

    @Test
    void twoConcurrentCommitsOfOneTokenCreateExactlyOneReplica() throws Exception {
        String token = details(prepare()).get("commit_token").asString();
        int commits = 4;
        ExecutorService pool = Executors.newFixedThreadPool(commits);
        CountDownLatch start = new CountDownLatch(1);
        List<TestHttp.Reply> replies = new ArrayList<>();
        try {
            List<Future<TestHttp.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < commits; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return commit(commitBody(token));
                }));
            }
            start.countDown();
            for (Future<TestHttp.Reply> f : futures) {
                replies.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(replies.stream().filter(r -> r.status() == 200)).as(replies.toString()).hasSize(1);
        assertThat(replies.stream().filter(r -> r.status() == 466)).as(replies.toString()).hasSize(commits - 1);
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(2);
        assertThat(fleet.reserved(b)).isEqualTo("1/2048/20/1");
    }
}
