package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.app.ComposeEdit;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /apps/{app_id}/instances} ({@code phala instances add}): a new instance of the app through the replica
 * pipeline and placement, prepare-only with a commit token redeemed on the same route, and its refusals.
 */
class AddAppInstanceTest extends ReplicaTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.28\n";

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
                Map.of("docker_compose_file", " ")), 400, "ERR-01-002", before);
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()),
                Map.of("docker_compose_file", "x".repeat(ComposeEdit.MAX_BYTES + 1))), 400, "ERR-01-003", before);
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()),
                Map.of("token", otherToken, "docker_compose_file", NEW_COMPOSE)), 400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()),
                Map.of("docker_compose_file", NEW_COMPOSE, "compose_hash", "cd".repeat(32))), 400, "ERR-02-008", before);
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

    @Test
    void aNewInstanceWithItsOwnComposeBootsItAsANewRevisionOfTheAppAndTheOthersKeepTheirs() {
        TestHttp.Reply reply = api(alice).post(instances(src.appId()),
                Map.of("node_id", b.id(), "docker_compose_file", NEW_COMPOSE));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String vmUuid = reply.json().get("vm_uuid").asString();
        awaitRunning(alice, vmUuid);
        String hash = composeHashOf(vmUuid);
        assertThat(hash).isNotEqualTo(src.composeHash());
        String onNode = composeOnNode(b, vmUuid);
        assertThat(AppCompose.sha256Hex(onNode)).isEqualTo(hash);
        JsonNode compose = JsonMapper.builder().build().readTree(onNode);
        assertThat(compose.get("docker_compose_file").asString()).isEqualTo(NEW_COMPOSE);
        assertThat(compose.get("allowed_envs").valueStream().map(JsonNode::asString).toList()).isEqualTo(List.of("GREETING"));
        assertThat(composeHashOf(src.vmUuid())).isEqualTo(src.composeHash());
        assertThat(revisionsOfApp(src.appId())).containsExactlyInAnyOrder(src.composeHash(), hash);

        // Two revisions run now: a new compose names the one it changes, a copy names the one it copies.
        World before = world();
        assertRefusedAndNothingChanged(api(alice).post(instances(src.appId()), Map.of("docker_compose_file", NEW_COMPOSE)),
                400, "ERR-03-010", before);
        TestHttp.Reply copy = api(alice).post(instances(src.appId()), Map.of("compose_hash", "0x" + hash));
        assertThat(copy.status()).as(copy.body()).isEqualTo(200);
        assertThat(composeHashOf(copy.json().get("vm_uuid").asString())).isEqualTo(hash);
        TestHttp.Reply fromOld = api(alice).post(instances(src.appId()),
                Map.of("compose_hash", src.composeHash(), "pre_launch_script", "#!/bin/sh\necho hi\n"));
        assertThat(fromOld.status()).as(fromOld.body()).isEqualTo(200);
        String third = composeHashOf(fromOld.json().get("vm_uuid").asString());
        assertThat(third).isNotIn(src.composeHash(), hash);
        awaitRunning(alice, fromOld.json().get("vm_uuid").asString());
        assertThat(JsonMapper.builder().build().readTree(composeOf(src.appId(), third)).get("docker_compose_file").asString())
                .isEqualTo(COMPOSE);
    }

    @Test
    void aNewComposePreparedOnlyIsKeptWithTheTokenAndItsCommitBootsIt() {
        World before = world();
        TestHttp.Reply prepared = api(alice).with("X-Prepare-Only", "true").post(instances(src.appId()),
                Map.of("node_id", b.id(), "docker_compose_file", NEW_COMPOSE));

        assertThat(prepared.status()).as(prepared.body()).isEqualTo(465);
        String token = detail(prepared, "commit_token");
        String hash = detail(prepared, "compose_hash").replaceFirst("^0x", "");
        assertThat(hash).isNotEqualTo(src.composeHash());
        World kept = world();
        assertThat(kept).isEqualTo(new World(before.cvms(), before.operations(), before.reserved(), before.tokens() + 1,
                before.vms()));
        assertThat(revisionsOfApp(src.appId())).contains(hash);

        TestHttp.Reply committed = api(alice).post(instances(src.appId()), Map.of("token", token, "compose_hash", "0x" + hash,
                "transaction_hash", "already-registered"));

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        String vmUuid = committed.json().get("vm_uuid").asString();
        awaitRunning(alice, vmUuid);
        assertThat(composeHashOf(vmUuid)).isEqualTo(hash);
        assertThat(AppCompose.sha256Hex(composeOnNode(b, vmUuid))).isEqualTo(hash);
    }

    private static String detail(TestHttp.Reply reply, String field) {
        return reply.json().at("/detail/details").valueStream().filter(d -> d.get("field").asString().equals(field))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + " in " + reply.body()))
                .get("value").asString();
    }

    private String composeHashOf(String vmUuid) {
        return jdbc.sql("SELECT compose_hash FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single();
    }

    private List<String> revisionsOfApp(String appId) {
        return jdbc.sql("SELECT r.compose_hash FROM app_revisions r JOIN apps a ON a.id = r.app_pk WHERE a.app_id = ?")
                .param(appId).query(String.class).list();
    }

    private String composeOf(String appId, String hash) {
        return jdbc.sql("SELECT r.compose_file FROM app_revisions r JOIN apps a ON a.id = r.app_pk"
                + " WHERE a.app_id = ? AND r.compose_hash = ?").params(appId, hash).query(String.class).single();
    }

    private static String composeOnNode(SimNode node, String vmUuid) {
        var vm = node.vms().stream().filter(v -> v.name().endsWith("@" + vmUuid)).findFirst()
                .orElseThrow(() -> new AssertionError("no VM of " + vmUuid + " on " + node.name()));
        return node.vmm().getInfo(vm.id()).info().configuration().composeFile();
    }
}
