package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.cvm.EncryptedEnv;
import io.opencvm.cvm.TestCvms;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request rows of the table: env and revision 400s, 401, 403, 404 and every 422, each leaving nothing. */
class ReplicateRequestRefusalsTest extends ReplicaTestBase {

    private TestAccount alice;
    private SimNode a;
    private Source src;
    private World before;

    @BeforeEach
    void setUp() {
        alice = account("req");
        a = fleet.node("a", 16, 32768, 20);
        src = source(alice, a);
        before = world();
    }

    @Test
    void anEncryptedEnvThatIsNotHexOddOrTooShortIsRefusedWithErr02008() {
        String tooShort = "ab".repeat(EncryptedEnv.MIN_BYTES - 1);
        for (String env : List.of("zz" + src.encryptedEnv(), src.encryptedEnv() + "a", tooShort, "")) {
            TestHttp.Reply reply = replicate(api(alice), src.vmUuid(), Map.of("encrypted_env", env));
            assertRefusedAndNothingChanged(reply, 400, "ERR-02-008", before);
            assertThat(reply.body()).doesNotContain(src.encryptedEnv());
        }
    }

    @Test
    void aComposeHashThatNamesNoLiveRevisionIsRefusedWithErr02008() {
        for (String hash : List.of("ab".repeat(32), "0x" + "cd".repeat(32), "not-a-hash")) {
            assertRefusedAndNothingChanged(replicate(api(alice), src.vmUuid(), Map.of("compose_hash", hash)),
                    400, "ERR-02-008", before);
        }
    }

    @Test
    void twoLiveRevisionsAndNoComposeHashIsRefusedWithErr03009ButNamingOneReplicatesIt() {
        secondRevision();
        World withSecond = world();

        assertRefusedAndNothingChanged(replicate(api(alice), src.vmUuid(), Map.of()), 400, "ERR-03-009", withSecond);
        TestHttp.Reply named = replicate(api(alice), src.vmUuid(), Map.of("compose_hash", "0x" + src.composeHash()));

        assertThat(named.status()).as(named.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT compose_hash FROM cvms WHERE vm_uuid = ?").param(named.json().get("vm_uuid").asString())
                .query(String.class).single()).isEqualTo(src.composeHash());
    }

    @Test
    void noOrABadApiKeyIsRefusedWith401() {
        TestHttp anonymous = TestHttp.to(port).api().as(null).version("2026-01-21");
        TestHttp wrongKey = TestHttp.to(port).api().as(alice.apiKey().substring(0, alice.apiKey().length() - 4) + "0000")
                .version("2026-01-21");
        TestHttp bearer = TestHttp.to(port).api().as(null).version("2026-01-21").with("Authorization", "Bearer not-a-key");

        for (TestHttp api : List.of(anonymous, wrongKey, bearer)) {
            assertRefusedAndNothingChanged(replicate(api, src.vmUuid(), Map.of()), 401, null, before);
        }
    }

    @Test
    void aSourceInAnotherWorkspaceIsNotFoundLikeAMissingOne() {
        TestAccount bob = account("bob");

        assertRefusedAndNothingChanged(replicate(api(bob), src.vmUuid(), Map.of()), 404, "ERR-03-001", before);
        assertRefusedAndNothingChanged(replicate(api(bob), "app_" + src.appId(), Map.of()), 404, "ERR-03-001", before);
    }

    @Test
    void anUnknownCvmIsNotFoundWithErr03001() {
        for (String id : List.of(UUID.randomUUID().toString(), "app_" + "e".repeat(40), "no-such-cvm", "4242424242")) {
            assertRefusedAndNothingChanged(replicate(api(alice), id, Map.of()), 404, "ERR-03-001", before);
        }
    }

    @Test
    void bodiesOfTheWrongShapeAreFastApi422s() {
        List<String> bodies = List.of("{\"node_id\": \"abc\"}", "{\"node_id\": 1.5}", "{\"teepod_id\": true}",
                "{\"encrypted_env\": 5}", "{\"compose_hash\": [\"x\"]}", "[]", "\"text\"", "{\"node_id\": ",
                "{\"node_id\": " + a.id() + ", \"teepod_id\": " + (a.id() + 1) + "}");
        for (String body : bodies) {
            assertRefusedAndNothingChanged(replicate(api(alice), src.vmUuid(), body), 422, null, before);
        }
    }

    @Test
    void headersOfTheWrongShapeAreFastApi422s() {
        TestHttp badPrepare = api(alice).with("X-Prepare-Only", "maybe");
        TestHttp longKey = api(alice).with("Idempotency-Key", "k".repeat(256));
        TestHttp spacedKey = api(alice).with("Idempotency-Key", "two words");

        long keys = count("idempotency_keys");
        TestHttp.Reply prepare = replicate(badPrepare, src.vmUuid(), Map.of());
        assertRefusedAndNothingChanged(prepare, 422, null, before);
        assertThat(prepare.json().at("/detail/0/loc/1").asString()).isEqualTo("X-Prepare-Only");
        for (TestHttp api : List.of(longKey, spacedKey)) {
            TestHttp.Reply reply = replicate(api, src.vmUuid(), Map.of());
            assertRefusedAndNothingChanged(reply, 422, null, before);
            assertThat(reply.json().at("/detail/0/loc/1").asString()).isEqualTo("Idempotency-Key");
        }
        assertThat(count("idempotency_keys")).isEqualTo(keys);
    }

    /** A second live revision of the source's app: a CVM row of another compose (commit refuses that, ERR-03-007). */
    private void secondRevision() {
        new TestCvms(jdbc).cvm(alice, src.appId(), name("rev2"), a.id(), "running");
        assertThat(jdbc.sql("SELECT DISTINCT compose_hash FROM cvms WHERE app_id = ? AND deleted_at IS NULL")
                .param(src.appId()).query(String.class).list()).hasSize(2);
    }
}
