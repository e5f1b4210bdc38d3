package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two-phase update on a KMS without a chain: {@code X-Prepare-Only} has no effect there (the update is applied,
 * as the CLI expects), and the commit routes refuse what they cannot redeem without changing anything; they need no key
 * (the token is their credential), every other route does. The on-chain path itself, a valid token redeemed without a
 * key, is {@code cvm.OnchainUpdateTest}'s, against a real contract.
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

    @Test
    void prepareOnlyOffChainAppliesTheUpdateAndKeepsNoToken() {
        TestHttp.Reply reply = api(alice).with("X-Prepare-Only", "true").patch("/cvms/" + src.vmUuid(),
                Map.of("docker_compose_file", NEW_COMPOSE));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("correlation_id").asString()).startsWith("op_");
        awaitUpdated(alice, src.vmUuid());
        assertThat(row(src.vmUuid()).world().tokens()).isZero();
    }

    @Test
    void commitsThatCannotBeRedeemedAreRefusedAndNothingChanges() {
        String path = "/cvms/" + src.vmUuid() + "/commit-update";
        Row before = row(src.vmUuid());

        assertRefused(api(alice).post(path, Map.of()), 422, null, before);
        assertRefused(api(alice).post(path, "[1]"), 422, null, before);
        assertRefused(api(alice).post(path, Map.of("token", "   ")), 422, null, before);
        assertRefused(api(alice).get(path), 422, null, before);
        assertRefused(api(alice).post(path, Map.of("token", "ct_" + "0".repeat(48))), 466, "ERR-01-006", before);
        assertRefused(api(alice).get(path + "?token=ct_" + "0".repeat(48)), 466, "ERR-01-006", before);
        assertRefused(api(alice).post("/cvms/no-such-cvm/commit-update", Map.of("token", "ct_1")), 466, "ERR-01-006",
                before);
        assertRefused(api(alice).with("X-Compose-Hash", "ab".repeat(32)).patch("/cvms/" + src.vmUuid(), Map.of()),
                466, "ERR-01-006", before);
        assertRefused(api(alice).with("X-Compose-Hash", "nothex").patch("/cvms/" + src.vmUuid(), Map.of()),
                400, "ERR-02-008", before);
        assertRefused(api(alice).with("X-Compose-Hash", "ab".repeat(32))
                .patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE)), 400, "ERR-02-008", before);
        assertRefused(api(alice).with("X-Prepare-Only", "maybe").patch("/cvms/" + src.vmUuid(),
                Map.of("docker_compose_file", NEW_COMPOSE)), 422, null, before);
    }

    @Test
    void anotherWorkspacesCvmAnswersTheCommitRoutesAsAMissingOneDoes() {
        TestAccount mallory = account("cu-mal");
        Row before = row(src.vmUuid());
        TestHttp.Reply read = api(mallory).get("/cvms/" + src.vmUuid());

        assertRefused(api(mallory).with("X-Compose-Hash", "ab".repeat(32)).patch("/cvms/" + src.vmUuid(), Map.of()),
                404, read.errorCode(), before);
        assertThat(read.status()).isEqualTo(404);
        // The token is the commit routes' credential: an unknown one is refused alike whichever CVM the path names.
        TestHttp.Reply onHers = api(mallory).post("/cvms/" + src.vmUuid() + "/commit-update", Map.of("token", "ct_1"));
        TestHttp.Reply onNone = api(mallory).post("/cvms/no-such-cvm/commit-update", Map.of("token", "ct_1"));
        assertRefused(onHers, 466, "ERR-01-006", before);
        assertThat(onHers.body()).isEqualTo(onNone.body());
    }

    @Test
    void theCommitRoutesNeedNoKeyAndEveryOtherRouteStillDoes() {
        TestHttp keyless = TestHttp.to(port).api().version("2026-01-21");
        String path = "/cvms/" + src.vmUuid() + "/commit-update";
        Row before = row(src.vmUuid());

        assertRefused(keyless.post(path, Map.of("token", "ct_" + "0".repeat(48))), 466, "ERR-01-006", before);
        assertRefused(keyless.get(path + "?token=ct_" + "0".repeat(48)), 466, "ERR-01-006", before);
        assertRefused(keyless.post(path, Map.of()), 422, null, before);
        assertRefused(TestHttp.to(port).api().as("not-a-key").version("2026-01-21").post(path, Map.of("token", "ct_1")),
                466, "ERR-01-006", before);
        assertRefused(keyless.patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE)), 401, null, before);
        assertRefused(keyless.post("/cvms/" + src.vmUuid() + "/commit-replica", Map.of("token", "ct_1")), 401, null, before);
        assertRefused(keyless.get("/cvms/" + src.vmUuid()), 401, null, before);
    }

    private void assertRefused(TestHttp.Reply reply, int status, String code, Row before) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (code != null) {
            assertThat(reply.errorCode()).as(reply.body()).isEqualTo(code);
        }
        assertThat(row(src.vmUuid())).isEqualTo(before);
    }
}
