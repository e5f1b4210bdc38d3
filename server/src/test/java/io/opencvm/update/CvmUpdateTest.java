package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code PATCH /cvms/{id}} and {@code PATCH /cvms/{id}/envs}: what the node is told, and what the guest boots with. */
class CvmUpdateTest extends UpdateTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

    private TestAccount alice;
    private SimNode a;

    @BeforeEach
    void setUp() {
        alice = account("upd");
        a = fleet.node("a", 16, 32768, 20);
    }

    @Test
    void aNewComposeAndEnvRestartTheGuestWithTheNewComposeAndOnlyTheAllowedEnv() {
        Source src = source(alice, a);
        String env = sealed(src.envPubkey(), Map.of("GREETING", "v2", "NOT_ALLOWED", "leak"));

        TestHttp.Reply reply = api(alice).patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE,
                "allowed_envs", List.of("GREETING"), "encrypted_env", env));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String correlation = reply.json().get("correlation_id").asString();
        assertThat(correlation).startsWith("op_");
        assertThat(reply.json().get("status").asString()).isEqualTo("in_progress");
        awaitUpdated(alice, src.vmUuid());
        VmInfo onNode = vmOf(a, src.vmUuid());
        JsonNode compose = JsonMapper.builder().build().readTree(onNode.configuration().composeFile());
        assertThat(compose.get("docker_compose_file").asString()).isEqualTo(NEW_COMPOSE);
        assertThat(AppCompose.sha256Hex(onNode.configuration().composeFile()))
                .isEqualTo(reply.json().get("compose_hash").asString()).isNotEqualTo(src.composeHash());
        assertThat(onNode.appId()).isEqualTo(src.appId());
        assertThat(a.sim().decryptedEnv(onNode.id())).containsExactly(Map.entry("GREETING", "v2"));
        assertThat(row(src.vmUuid()).revisions()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT kind || ' ' || state FROM operations WHERE public_id = ?").param(correlation)
                .query(String.class).single()).isEqualTo("update succeeded");
    }

    @Test
    void newEnvKeysBecomeTheAllowedEnvsAndTheGuestSeesThem() {
        Source src = source(alice, a);
        String env = sealed(src.envPubkey(), Map.of("GREETING", "hello", "TOKEN", "t-1"));

        TestHttp.Reply reply = api(alice).patch("/cvms/" + src.vmUuid() + "/envs",
                Map.of("encrypted_env", env, "env_keys", List.of("GREETING", "TOKEN")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("allowed_envs_changed").asBoolean()).isTrue();
        assertThat(reply.json().get("message").asString()).isNotBlank();
        awaitUpdated(alice, src.vmUuid());
        VmInfo onNode = vmOf(a, src.vmUuid());
        assertThat(a.sim().decryptedEnv(onNode.id())).containsOnly(Map.entry("GREETING", "hello"), Map.entry("TOKEN", "t-1"));
        assertThat(onNode.configuration().encryptedEnv()).isEqualToIgnoringCase(env);
    }

    @Test
    void theSameEnvKeysKeepTheComposeAndOnlyTheEnvChanges() {
        Source src = source(alice, a);

        TestHttp.Reply reply = api(alice).patch("/cvms/" + src.vmUuid() + "/envs", Map.of("encrypted_env",
                sealed(src.envPubkey(), Map.of("GREETING", "again")), "env_keys", List.of("GREETING")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("allowed_envs_changed").asBoolean()).isFalse();
        assertThat(reply.json().get("compose_hash").asString()).isEqualTo(src.composeHash());
        awaitUpdated(alice, src.vmUuid());
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsExactly(Map.entry("GREETING", "again"));
        assertThat(row(src.vmUuid()).revisions()).isEqualTo(1);
    }

    @Test
    void aComposeProvisionedForTheCvmIsAppliedByItsHash() {
        Source src = source(alice, a);
        TestHttp.Reply provisioned = api(alice).post("/cvms/" + src.vmUuid() + "/compose_file/provision",
                Map.of("docker_compose_file", NEW_COMPOSE, "allowed_envs", List.of("GREETING"), "name", "ignored"));
        assertThat(provisioned.status()).as(provisioned.body()).isEqualTo(200);
        String hash = provisioned.json().get("compose_hash").asString();
        assertThat(provisioned.json().get("app_id").asString()).isEqualTo(src.appId());
        assertThat(provisioned.json().get("compose_hash_registered").asBoolean()).isFalse();
        assertThat(row(src.vmUuid()).composeHash()).isEqualTo(src.composeHash());

        TestHttp.Reply applied = api(alice).patch("/cvms/" + src.vmUuid() + "/compose_file", Map.of("compose_hash", "0x" + hash));

        assertThat(applied.status()).as(applied.body()).isEqualTo(202);
        awaitUpdated(alice, src.vmUuid());
        assertThat(AppCompose.sha256Hex(vmOf(a, src.vmUuid()).configuration().composeFile())).isEqualTo(hash);
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsEntry("GREETING", "hi from " + src.name());
    }

    @Test
    void aSecondUpdateWhileTheFirstIsInFlightIs409AndChangesNothing() {
        Source src = source(alice, a);
        a.sim().faults().serverError("StopVm");
        TestHttp.Reply first = api(alice).patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE));
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        Row before = row(src.vmUuid());

        TestHttp.Reply second = api(alice).patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", "services: {}\n"));
        TestHttp.Reply envs = api(alice).patch("/cvms/" + src.vmUuid() + "/envs",
                Map.of("encrypted_env", sealed(src.envPubkey(), Map.of("GREETING", "x"))));

        for (TestHttp.Reply refused : List.of(second, envs)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("ERR-03-120");
            assertThat(refused.body()).contains(first.json().get("correlation_id").asString());
        }
        assertThat(row(src.vmUuid())).isEqualTo(before);
        a.sim().faults().clear();
        awaitUpdated(alice, src.vmUuid());
    }

    @Test
    void twoUpdatesAtOnceGiveOne202AndOne409() throws Exception {
        Source src = source(alice, a);
        a.sim().faults().serverError("StopVm");
        TestHttp api = api(alice);
        List<TestHttp.Reply> replies = atOnce(
                () -> api.patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE)),
                () -> api.patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", "services: {}\n")));
        List<Integer> statuses = replies.stream().map(TestHttp.Reply::status).toList();
        assertThat(statuses).containsExactlyInAnyOrder(202, 409);
        TestHttp.Reply won = replies.get(statuses.indexOf(202));
        TestHttp.Reply lost = replies.get(statuses.indexOf(409));
        assertThat(lost.errorCode()).as(lost.body()).isEqualTo("ERR-03-120");
        assertThat(lost.body()).contains(won.json().get("correlation_id").asString());
        assertThat(row(src.vmUuid()).composeHash()).as("the row is the accepted update's, not lost nor mixed")
                .isEqualTo(won.json().get("compose_hash").asString());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operations o JOIN cvms c ON c.id = o.cvm_id WHERE c.vm_uuid = ?"
                + " AND o.kind = 'update'").param(src.vmUuid()).query(Long.class).single()).isEqualTo(1);
        a.sim().faults().clear();
        awaitUpdated(alice, src.vmUuid());
    }

    @Test
    void badInputIsRefusedAndNothingChanges() {
        Source src = source(alice, a);
        Row before = row(src.vmUuid());
        String path = "/cvms/" + src.vmUuid();
        Map<String, Object> userConfig = new LinkedHashMap<>();
        userConfig.put("docker_compose_file", NEW_COMPOSE);
        userConfig.put("user_config", "{}");

        assertRefused(api(alice).patch(path, "[1]"), 422, null, src, before);
        assertRefused(api(alice).patch(path, Map.of("allowed_envs", List.of("1BAD"))), 422, null, src, before);
        assertRefused(api(alice).patch(path, Map.of("public_logs", "yes please")), 422, null, src, before);
        assertRefused(api(alice).patch(path, Map.of("encrypted_env", "zz")), 400, "ERR-02-008", src, before);
        assertRefused(api(alice).patch(path, Map.of()), 400, "ERR-02-008", src, before);
        assertRefused(api(alice).patch(path, Map.of("docker_compose_file", " ")), 400, "ERR-01-002", src, before);
        assertRefused(api(alice).patch(path, userConfig), 400, "ERR-02-008", src, before);
        assertRefused(api(alice).patch(path, Map.of("vcpu", 0)), 422, null, src, before);
        assertRefused(api(alice).patch(path, Map.of("disk_size", 5)), 400, "ERR-02-008", src, before);
        assertRefused(api(alice).patch(path + "/envs", Map.of("env_keys", List.of("A"))), 422, null, src, before);
        String env = sealed(src.envPubkey(), Map.of("GREETING", "x"));
        assertRefused(api(alice).patch(path + "/envs", Map.of("encrypted_env", env, "env_keys", List.of("1BAD"))), 422,
                null, src, before);
        assertRefused(api(alice).patch(path + "/envs", Map.of("encrypted_env", env, "env_keys", List.of("A", "A"))), 422,
                null, src, before);
        assertRefused(api(alice).patch(path + "/envs", Map.of("encrypted_env", env, "env_keys", List.of("GREETING"),
                "compose_hash", "12".repeat(32))), 400, "ERR-02-008", src, before);
        assertRefused(api(alice).patch(path + "/compose_file", Map.of("compose_hash", "ab".repeat(32))), 400,
                "ERR-02-008", src, before);
        assertRefused(api(alice).patch("/cvms/no-such-cvm", Map.of("docker_compose_file", NEW_COMPOSE)), 404,
                "ERR-03-001", src, before);
    }

    @Test
    void anotherWorkspacesCvmAnswersAsItsReadDoesAndNothingChanges() {
        Source src = source(alice, a);
        TestAccount mallory = account("mal");
        Row before = row(src.vmUuid());
        TestHttp.Reply read = api(mallory).get("/cvms/" + src.vmUuid());

        TestHttp.Reply reply = api(mallory).patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE));

        assertThat(read.status()).isIn(403, 404);
        assertRefused(reply, read.status(), read.errorCode(), src, before);
    }
}
