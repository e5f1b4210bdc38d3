package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class CommitProvisionTest extends CvmTestBase {

    @Test
    void commitCreatesAppRevisionCvmReservationAndCreateOperationTogether() {
        TestAccount alice = account("commit");
        long node = node(8, 16384, 10);
        String appId = appId();
        String name = name("web");
        TestHttp.Reply reply = commitNew(alice, node, appId, name);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode vm = reply.json();
        assertThat(vm.get("name").asString()).isEqualTo(name);
        assertThat(vm.get("status").asString()).isEqualTo("provisioning");
        assertThat(vm.get("app_id").asString()).isEqualTo(appId);
        assertThat(vm.get("teepod_id").asLong()).isEqualTo(node);
        assertThat(vm.get("vm_uuid").asString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(vm.get("instance_id").isNull()).isTrue();
        assertThat(vm.get("memory").asInt()).isEqualTo(2048);
        assertThat(vm.get("docker_compose_file").asString()).contains("image: nginx");

        long cvmId = vm.get("id").asLong();
        assertThat(jdbc.sql("SELECT desired_state FROM cvms WHERE id = ?").param(cvmId).query(String.class).single())
                .isEqualTo("running");
        assertThat(jdbc.sql("SELECT kind || ':' || state FROM operations WHERE cvm_id = ?").param(cvmId)
                .query(String.class).list()).containsExactly("create:pending");
        assertThat(jdbc.sql("SELECT vcpu_reserved || '/' || memory_mb_reserved || '/' || slots_reserved FROM nodes WHERE id = ?")
                .param(node).query(String.class).single()).isEqualTo("1/2048/1");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app_revisions r JOIN apps a ON a.id = r.app_pk WHERE a.app_id = ?")
                .param(appId).query(Long.class).single()).isEqualTo(1L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM provisions WHERE app_id = ?").param(appId).query(Long.class).single())
                .isZero();
    }

    @Test
    void repeatingACommitReturnsTheSameCvmAndCreatesNothing() {
        TestAccount alice = account("again");
        long node = node(8, 16384, 10);
        String appId = appId();
        String name = name("api");
        String hash = new TestCvms(jdbc).provision(alice, appId, name, node, null, IMAGE);
        TestHttp.Reply first = http(alice).post("/cvms", Map.of("app_id", appId, "compose_hash", hash));
        String before = snapshot();

        TestHttp.Reply second = http(alice).post("/cvms", Map.of("app_id", "0x" + appId.toUpperCase(), "compose_hash", hash));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("vm_uuid").asString()).isEqualTo(first.json().get("vm_uuid").asString());
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anotherComposeHashForAnAppIdInUseIsAConflictAndChangesNothing() {
        TestAccount alice = account("conflict");
        long node = node(8, 16384, 10);
        String appId = appId();
        assertThat(commitNew(alice, node, appId, name("one")).status()).isEqualTo(200);
        String otherHash = new TestCvms(jdbc).provision(alice, appId, name("two"), node, null, IMAGE);
        String before = snapshot();

        TestHttp.Reply reply = http(alice).post("/cvms", Map.of("app_id", appId, "compose_hash", otherHash));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().at("/detail/error_code").asString()).isEqualTo("ERR-03-007");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void commitOnAFullNodeIsRefusedAndRollsEverythingBack() {
        TestAccount alice = account("full");
        long node = node(1, 16384, 10);
        assertThat(commitNew(alice, node, appId(), name("first")).status()).isEqualTo(200);
        String appId = appId();
        String hash = new TestCvms(jdbc).provision(alice, appId, name("second"), node, null, IMAGE);
        String before = snapshot();

        TestHttp.Reply reply = http(alice).post("/cvms", Map.of("app_id", appId, "compose_hash", hash));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/detail/error_code").asString()).isEqualTo("ERR-02-003");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM apps WHERE app_id = ?").param(appId).query(Long.class).single()).isZero();
    }

    @Test
    void badEncryptedEnvIs400AndChangesNothing() {
        TestAccount alice = account("env");
        long node = node(8, 16384, 10);
        String appId = appId();
        String hash = new TestCvms(jdbc).provision(alice, appId, name("envy"), node, null, IMAGE);
        String before = snapshot();
        for (String env : new String[] {"abc", "zz".repeat(60), "ab".repeat(59)}) {
            TestHttp.Reply reply = http(alice).post("/cvms", Map.of("app_id", appId, "compose_hash", hash, "encrypted_env", env));
            assertThat(reply.status()).as(env).isEqualTo(400);
            assertThat(reply.json().at("/detail/error_code").asString()).isEqualTo("ERR-02-008");
        }
        assertThat(snapshot()).isEqualTo(before);
        TestHttp.Reply ok = http(alice).post("/cvms", Map.of("app_id", appId, "compose_hash", hash, "encrypted_env", "ab".repeat(60)));
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void commitBodiesOfTheWrongShapeAre422AndChangeNothing() {
        TestAccount alice = account("shape");
        String before = snapshot();
        TestHttp.Reply missing = http(alice).post("/cvms", Map.of("compose_hash", "ab".repeat(32)));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"app_id\"]");
        assertThat(missing.json().at("/detail/0/type").asString()).isEqualTo("missing");
        TestHttp.Reply wrongType = http(alice).post("/cvms", Map.of("app_id", 12, "compose_hash", "ab".repeat(32)));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().at("/detail/0/type").asString()).isEqualTo("string_type");
        TestHttp.Reply notJson = http(alice).post("/cvms", "{not json");
        assertThat(notJson.status()).isEqualTo(422);
        TestHttp.Reply unknown = http(alice).post("/cvms", Map.of("app_id", appId(), "compose_hash", "ab".repeat(32)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/detail/error_code").asString()).isEqualTo("ERR-03-011");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aNameInUseInTheWorkspaceIsRefusedAtCommit() {
        TestAccount alice = account("dup");
        long node = node(8, 16384, 10);
        String name = name("same");
        assertThat(commitNew(alice, node, appId(), name).status()).isEqualTo(200);
        String before = snapshot();
        TestHttp.Reply reply = commitNew(alice, node, appId(), name);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().at("/detail/error_code").asString()).isEqualTo("ERR-01-004");
        assertThat(count("cvms") + "/" + count("apps")).isEqualTo(before.split("/")[2] + "/" + before.split("/")[0]);
    }
}
