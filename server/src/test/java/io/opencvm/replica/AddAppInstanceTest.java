package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /apps/{app_id}/instances} ({@code phala instances add}): a new instance of the app through the replica
 * pipeline and placement, prepare-only with a commit token redeemed on the same route, and its refusals.
 */
class AddAppInstanceTest extends ReplicaTestBase {

    private TestAccount alice;
    private SimNode a;
    private SimNode b;
    private Source src;

    @BeforeEach
    void setUp() {
        alice = account("inst");
        a = fleet.node("a", 16, 32768, 20);
        b = fleet.node("b", 16, 32768, 20);
        src = source(alice, a);
    }

    private String instances(String appId) {
        return "/apps/" + appId + "/instances";
    }

    @Test
    void aNewInstanceOfTheAppRunsOnTheNamedNodeWithTheAppsRevision() {
        TestHttp.Reply reply = api(alice).post(instances(src.appId()), Map.of("node_id", b.id()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("app_id").asString()).isEqualTo(src.appId());
        assertThat(reply.json().get("teepod_id").asLong()).isEqualTo(b.id());
        awaitRunning(alice, reply.json().get("vm_uuid").asString());
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(2);

        TestHttp.Reply placed = api(alice).post(instances("app_" + src.appId()), TestHttp.NO_BODY);
        assertThat(placed.status()).as(placed.body()).isEqualTo(200);
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(3);
    }

    @Test
    void prepareOnlyAnswers465AndTheTokenOnTheSameRouteCreatesTheInstanceOnce() {
        World before = world();
        TestHttp.Reply prepared = api(alice).with("X-Prepare-Only", "true").post(instances(src.appId()),
                Map.of("node_id", b.id()));
        assertThat(prepared.status()).as(prepared.body()).isEqualTo(465);
        String token = null;
        for (JsonNode d : prepared.json().at("/detail/details")) {
            if ("commit_token".equals(d.get("field").asString())) {
                token = d.get("value").asString();
            }
        }
        assertThat(token).startsWith("ct_");
        assertThat(world().cvms()).isEqualTo(before.cvms());
        Map<String, Object> commit = Map.of("token", token, "compose_hash", "0x" + src.composeHash(),
                "transaction_hash", "already-registered");

        TestHttp.Reply committed = api(alice).post(instances(src.appId()), commit);

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        assertThat(committed.json().get("teepod_id").asLong()).isEqualTo(b.id());
        awaitRunning(alice, committed.json().get("vm_uuid").asString());
        World after = world();
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()), commit), 466, "ERR-01-006", after);
    }

    @Test
    void refusalsChangeNothingAndAnotherWorkspacesAppAnswersLikeAMissingOne() {
        Source otherApp = source(alice, a);
        TestHttp.Reply prepared = api(alice).with("X-Prepare-Only", "true").post(instances(otherApp.appId()), Map.of());
        String otherToken = prepared.json().at("/detail/details").valueStream()
                .filter(d -> d.get("field").asString().equals("commit_token")).findFirst().orElseThrow()
                .get("value").asString();
        TestAccount bob = account("inst-bob");
        World before = world();

        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()),
                Map.of("docker_compose_file", "services: {}\n")), 400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()), Map.of("token", otherToken)),
                400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()), Map.of("token", "ct_" + "0".repeat(48))),
                466, "ERR-01-006", before);
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()), Map.of("node_id", 987_654_321)),
                404, "ERR-01-001", before);
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()), "{\"node_id\": \"x\"}"), 422, null, before);
        assertRefusedAndNothingChanged(api(alice).post(instances("f".repeat(40)), Map.of()), 404, "ERR-03-001", before);
        TestHttp.Reply missing = api(bob).post(instances("f".repeat(40)), Map.of());
        TestHttp.Reply foreign = api(bob).post(instances(src.appId()), Map.of());
        assertThat(foreign.status()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo(missing.errorCode());
        assertRefusedAndNothingChanged(api(bob).post(instances(src.appId()), Map.of("token", otherToken)), 466,
                "ERR-01-006", before);
    }
}
