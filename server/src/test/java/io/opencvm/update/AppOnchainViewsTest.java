package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * is-allowed, cvms/is-allowed, kms-info and pending-updates of an app under a KMS without a chain (nothing to register,
 * nothing pending), their refusals, and another workspace's app answering like a missing one. The on-chain answers are
 * {@code cvm.OnchainUpdateTest}'s.
 */
class AppOnchainViewsTest extends UpdateTestBase {

    private TestAccount alice;
    private Source src;

    @BeforeEach
    void setUp() {
        alice = account("views");
        SimNode a = fleet.node("a", 16, 32768, 20);
        src = source(alice, a);
    }

    private String app(String appId) {
        return "/apps/" + appId;
    }

    @Test
    void offChainEverythingIsAllowedAndNothingIsPending() {
        JsonNode allowed = api(alice).post(app(src.appId()) + "/is-allowed", Map.of("compose_hash", "ab".repeat(32))).json();
        JsonNode batch = api(alice).post(app("app_" + src.appId()) + "/cvms/is-allowed", TestHttp.NO_BODY).json();
        JsonNode kms = api(alice).get(app(src.appId()) + "/kms-info").json();
        JsonNode pending = api(alice).get(app(src.appId()) + "/pending-updates").json();

        assertThat(allowed.get("is_allowed").asBoolean()).as(allowed.toString()).isTrue();
        assertThat(allowed.get("app_contract_address").asString()).isEqualTo("0x" + src.appId());
        assertThat(allowed.get("error").isNull()).isTrue();
        assertThat(batch.get("is_onchain").asBoolean()).isFalse();
        assertThat(batch.get("results")).isEmpty();
        assertThat(batch.get("skipped_cvm_ids")).hasSize(1);
        assertThat(kms.get("is_onchain_kms").asBoolean()).isFalse();
        assertThat(kms.get("chain_id").isNull()).isTrue();
        assertThat(kms.get("deployer_address").isNull()).isTrue();
        assertThat(kms.get("deployer_type").isNull()).isTrue();
        assertThat(kms.get("is_contract").asBoolean()).isFalse();
        assertThat(pending.get("items")).isEmpty();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        Row before = row(src.vmUuid());
        String path = app(src.appId()) + "/is-allowed";

        assertRefused(api(alice).post(path, Map.of()), 422, null);
        assertRefused(api(alice).post(path, "[1]"), 422, null);
        assertRefused(api(alice).post(path, Map.of("compose_hash", "nothex")), 400, "ERR-02-008");
        assertRefused(api(alice).post(path, Map.of("compose_hash", "ab".repeat(32), "device_id", "xyz")), 400, "ERR-02-008");
        assertRefused(api(alice).post(path, Map.of("compose_hash", "ab".repeat(32), "node_id", 987_654_321)), 404,
                "ERR-01-001");
        assertRefused(api(alice).get(app(src.appId()) + "/pending-updates/" + src.vmUuid() + "/" + "ab".repeat(32)
                + "/preview"), 404, "ERR-03-001");
        assertRefused(api(alice).get(app(src.appId()) + "/pending-updates/no-such-vm/" + "ab".repeat(32) + "/preview"),
                404, "ERR-03-001");
        assertThat(row(src.vmUuid())).isEqualTo(before);
    }

    @Test
    void anotherWorkspacesAppAnswersEveryRouteLikeAMissingApp() {
        TestAccount mallory = account("views-mal");
        TestHttp api = api(mallory);
        String missing = app("f".repeat(40));
        String foreign = app(src.appId());
        Map<String, Object> body = Map.of("compose_hash", "ab".repeat(32));

        for (List<TestHttp.Reply> pair : List.of(
                List.of(api.post(missing + "/is-allowed", body), api.post(foreign + "/is-allowed", body)),
                List.of(api.post(missing + "/cvms/is-allowed", Map.of()), api.post(foreign + "/cvms/is-allowed", Map.of())),
                List.of(api.get(missing + "/kms-info"), api.get(foreign + "/kms-info")),
                List.of(api.get(missing + "/pending-updates"), api.get(foreign + "/pending-updates")),
                List.of(api.get(missing + "/pending-updates/" + src.vmUuid() + "/" + "ab".repeat(32) + "/preview"),
                        api.get(foreign + "/pending-updates/" + src.vmUuid() + "/" + "ab".repeat(32) + "/preview")))) {
            assertThat(pair.get(1).status()).as(pair.get(1).body()).isEqualTo(pair.get(0).status()).isEqualTo(404);
            assertThat(pair.get(1).errorCode()).isEqualTo(pair.get(0).errorCode()).isEqualTo("ERR-03-012");
            assertThat(pair.get(1).body()).isEqualTo(pair.get(0).body().replace("f".repeat(40), src.appId()));
        }
    }

    private void assertRefused(TestHttp.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (code != null) {
            assertThat(reply.errorCode()).as(reply.body()).isEqualTo(code);
        }
    }
}
