package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The tenancy rule over HTTP: another workspace's CVM, app, provision, private node or API key answers exactly like
 * a missing one (404, the same error_code and message once the id is swapped), by every id form and on every route
 * that takes it, and nothing changes; roles inside a workspace are 403.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class TenancyTest extends CvmTestBase {

    private TestAccount alice;
    private TestAccount bob;
    private long node;
    private JsonNode cvm;
    private String instanceId;

    /** One route that names a CVM: method, path with {@code %s} for the id, body. */
    private record Route(String method, String path, Object body) {
        String at(String id) {
            return path.formatted(id);
        }
    }

    @BeforeEach
    void setUp() {
        alice = account("alice");
        bob = account("bob");
        node = node(16, 32768, 20);
        cvm = commitNew(alice, node, appId(), name("tenant")).json();
        instanceId = String.format("%040x", SEQ.incrementAndGet() * 104729);
        jdbc.sql("UPDATE cvms SET instance_id = ? WHERE id = ?").params(instanceId, cvm.get("id").asLong()).update();
    }

    /** Each form of alice's CVM id, with an id of the same form that names nothing. */
    private Map<String, String[]> cvmIdForms() {
        String uuid = cvm.get("vm_uuid").asString();
        String appId = cvm.get("app_id").asString();
        String publicId = jdbc.sql("SELECT public_id FROM cvms WHERE id = ?").param(cvm.get("id").asLong())
                .query(String.class).single();
        String noApp = "e".repeat(40);
        Map<String, String[]> forms = new LinkedHashMap<>();
        forms.put("32-hex uuid", new String[] {uuid.replace("-", ""), "3f2504e04f8941d39a0c0305e82c3301"});
        forms.put("upper-case 32-hex uuid", new String[] {uuid.replace("-", "").toUpperCase(), "3F2504E04F8941D39A0C0305E82C3301"});
        forms.put("dashed uuid", new String[] {uuid, "3f2504e0-4f89-11d3-9a0c-0305e82c3301"});
        forms.put("app_<40hex>", new String[] {"app_" + appId, "app_" + noApp});
        forms.put("APP_<40HEX>", new String[] {"APP_" + appId.toUpperCase(), "APP_" + noApp.toUpperCase()});
        forms.put("0x<40hex>", new String[] {"0x" + appId, "0x" + noApp});
        forms.put("bare 40 hex", new String[] {appId, noApp});
        forms.put("instance_<40hex>", new String[] {"instance_" + instanceId, "instance_" + noApp});
        forms.put("app_<instance id>", new String[] {"app_" + instanceId, "app_" + "d".repeat(40)});
        forms.put("bare instance id", new String[] {instanceId, "d".repeat(40)});
        forms.put("v2026 opaque id", new String[] {publicId, "cvm_doesNotExist"});
        forms.put("v2025 numeric id", new String[] {String.valueOf(cvm.get("id").asLong()), "987654321012"});
        forms.put("name", new String[] {cvm.get("name").asString(), "no-such-cvm-name"});
        return forms;
    }

    private List<Route> cvmRoutes() {
        String appId = cvm.get("app_id").asString();
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("GET", "/cvms/%s", null));
        routes.add(new Route("GET", "/cvms/%s/state", null));
        routes.add(new Route("GET", "/cvms/%s/compose_file", null));
        for (String action : List.of("start", "stop", "shutdown", "restart")) {
            routes.add(new Route("POST", "/cvms/%s/" + action, Map.of()));
        }
        routes.add(new Route("DELETE", "/cvms/%s", null));
        routes.add(new Route("POST", "/cvms/%s/replicas", Map.of()));
        routes.add(new Route("POST", "/cvms/%s/commit-replica", Map.of("token", "ct_" + "0".repeat(48))));
        routes.add(new Route("POST", "/apps/" + appId + "/cvms/%s/replicas", Map.of()));
        return routes;
    }

    @Test
    void anotherWorkspacesCvmAnswersLikeAMissingOneByEveryIdFormOnEveryRoute() {
        String before = snapshot();
        int checked = 0;
        for (Route route : cvmRoutes()) {
            for (Map.Entry<String, String[]> form : cvmIdForms().entrySet()) {
                String theirs = form.getValue()[0];
                String missing = form.getValue()[1];
                TestHttp.Reply asBob = http(bob).send(route.method(), route.at(theirs), route.body());
                TestHttp.Reply none = http(bob).send(route.method(), route.at(missing), route.body());
                assertSameAsMissing(route.method() + " " + route.path() + " by " + form.getKey(), asBob, theirs, none,
                        missing);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(cvmRoutes().size() * cvmIdForms().size());
        assertThat(snapshot()).isEqualTo(before);
        assertThat(http(alice).get("/cvms/" + cvm.get("vm_uuid").asString()).json().get("status").asString())
                .isNotEqualTo("deleted");
    }

    @Test
    void anotherWorkspacesAppAnswersLikeAMissingOneByEveryIdForm() {
        String appId = cvm.get("app_id").asString();
        String noApp = "f".repeat(40);
        Map<String, Function<String, String>> forms = new LinkedHashMap<>();
        forms.put("app_<40hex>", h -> "app_" + h);
        forms.put("APP_<40HEX>", h -> "APP_" + h.toUpperCase());
        forms.put("0x<40hex>", h -> "0x" + h);
        forms.put("bare 40 hex", h -> h);
        for (String path : List.of("/apps/%s", "/apps/%s/cvms")) {
            forms.forEach((form, spell) -> {
                TestHttp.Reply asBob = http(bob).get(path.formatted(spell.apply(appId)));
                TestHttp.Reply none = http(bob).get(path.formatted(spell.apply(noApp)));
                assertSameAsMissing(path + " by " + form, asBob, spell.apply(appId), none, spell.apply(noApp));
                assertThat(asBob.json().at("/detail/error_code").asString()).isEqualTo("ERR-03-012");
            });
        }
    }

    @Test
    void anotherWorkspacesProvisionCannotBeCommittedOrReplacedAndItsCommittedAppIsNotSeen() {
        String appId = appId();
        String name = name("pending");
        String hash = new TestCvms(jdbc).provision(alice, appId, name, node, null, IMAGE);
        String before = snapshot();

        TestHttp.Reply asBob = http(bob).post("/cvms", Map.of("app_id", appId, "compose_hash", hash));
        String otherApp = appId();
        TestHttp.Reply none = http(bob).post("/cvms", Map.of("app_id", otherApp, "compose_hash", hash));
        assertSameAsMissing("commit of alice's provision", asBob, appId, none, otherApp);
        assertThat(asBob.json().at("/detail/error_code").asString()).isEqualTo("ERR-03-011");
        assertThat(snapshot()).isEqualTo(before);

        // bob provisions the same app id and compose: alice's pending provision is neither replaced nor deleted
        new TestCvms(jdbc).provision(bob, appId, name, node, null, IMAGE);
        assertThat(provisionsOf(alice, appId)).isEqualTo(1);
        TestHttp.Reply committed = http(alice).post("/cvms", Map.of("app_id", appId, "compose_hash", hash));
        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        assertThat(provisionsOf(alice, appId)).isZero();
        assertThat(provisionsOf(bob, appId)).isEqualTo(1);

        // alice's app now exists: bob's commit of the same pair is still "no provision", never a conflict with hers
        String afterCommit = snapshot();
        TestHttp.Reply again = http(bob).post("/cvms", Map.of("app_id", appId, "compose_hash", hash));
        assertThat(again.status()).as(again.body()).isIn(404, 409);
        assertThat(again.json().at("/detail/message").asString()).doesNotContain("already exists with another");
        assertThat(snapshot()).isEqualTo(afterCommit);
    }

    @Test
    void aPrivateNodeOfAnotherWorkspaceAnswersLikeAMissingOne() {
        long closed = node(8, 16384, 10);
        jdbc.sql("UPDATE nodes SET open_to_all = FALSE WHERE id = ?").param(closed).update();
        jdbc.sql("INSERT INTO node_workspaces (node_id, workspace_id) VALUES (?, ?)").params(closed, alice.workspaceId())
                .update();
        long missing = closed + 100_000;
        String before = snapshot();
        for (String field : List.of("teepod_id", "node_id")) {
            TestHttp.Reply asBob = http(bob).post("/cvms/provision", provisionBody(field, closed));
            TestHttp.Reply none = http(bob).post("/cvms/provision", provisionBody(field, missing));
            assertSameAsMissing("provision on " + field, asBob, String.valueOf(closed), none, String.valueOf(missing));
            assertThat(asBob.json().at("/detail/error_code").asString()).isEqualTo("ERR-01-001");
        }
        // alice's own workspace sees the node (here it then lacks a KMS, which is another refusal)
        assertThat(http(alice).post("/cvms/provision", provisionBody("node_id", closed)).json()
                .at("/detail/error_code").asString()).isNotEqualTo("ERR-01-001");
        assertThat(http(bob).get("/teepods/available").body()).doesNotContain("\"teepod_id\":" + closed + ",");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void statusBatchLeavesAnotherWorkspacesCvmOutLikeAnUnknownOne() {
        String uuid = cvm.get("vm_uuid").asString();
        TestHttp.Reply asBob = http(bob).post("/status/batch", Map.of("vm_uuids", List.of(uuid)));
        TestHttp.Reply none = http(bob).post("/status/batch", Map.of("vm_uuids", List.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301")));
        assertThat(asBob.status()).isEqualTo(none.status());
        assertThat(asBob.body()).isEqualTo(none.body());
        assertThat(http(alice).post("/status/batch", Map.of("vm_uuids", List.of(uuid))).body()).contains(uuid);
    }

    @Test
    void anotherWorkspacesApiKeyCannotBeRevokedAndAnswersLikeAMissingOne() {
        TestHttp.Reply keys = http(alice).get("/workspace/api-keys");
        assertThat(keys.status()).as(keys.body()).isEqualTo(200);
        String aliceKeyId = keys.json().at("/data/0/id").asString();
        TestHttp.Reply asBob = http(bob).delete("/workspace/api-keys/" + aliceKeyId);
        TestHttp.Reply none = http(bob).delete("/workspace/api-keys/key_nothere");
        assertSameAsMissing("revoke alice's key", asBob, aliceKeyId, none, "key_nothere");
        assertThat(asBob.json().at("/detail/error_code").asString()).isEqualTo("ERR-04-104");
        assertThat(http(alice).get("/cvms/" + cvm.get("vm_uuid").asString()).status()).isEqualTo(200);
        assertThat(http(bob).get("/workspace/api-keys").body()).doesNotContain(aliceKeyId);
    }

    @Test
    void membersOperateCvmsButOnlyOwnersAndAdminsManageKeysAndMembers() {
        TestAccounts accounts = new TestAccounts(jdbc);
        TestAccount member = accounts.memberOf(alice, "member");
        TestAccount admin = accounts.memberOf(alice, "admin");
        TestAccount outsider = account("outsider");
        long running = new TestCvms(jdbc).cvm(alice, appId(), name("running"), node, "running");

        assertThat(http(member).get("/cvms/" + running).status()).isEqualTo(200);
        TestHttp.Reply stopped = http(member).post("/cvms/" + running + "/stop", Map.of());
        assertThat(stopped.status()).as(stopped.body()).isIn(200, 202);
        assertThat(http(member).get("/workspace/members").status()).isEqualTo(200);
        long keysBefore = count("api_keys");
        long membersBefore = count("workspace_members");
        for (TestHttp.Reply refused : List.of(http(member).get("/workspace/api-keys"),
                http(member).post("/workspace/api-keys", Map.of("name", "mine")),
                http(member).delete("/workspace/api-keys/key_nothere"),
                http(member).post("/workspace/members", Map.of("username", outsider.username())),
                http(admin).post("/workspace/members", Map.of("username", outsider.username(), "role", "owner")))) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.json().at("/detail/error_code").asString()).isEqualTo("ERR-04-106");
        }
        assertThat(count("api_keys")).isEqualTo(keysBefore);
        assertThat(count("workspace_members")).isEqualTo(membersBefore);

        TestHttp.Reply issued = http(admin).post("/workspace/api-keys", Map.of("name", "ci"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String newKey = issued.json().get("key").asString();
        assertThat(TestHttp.to(port).api().as(newKey).get("/auth/me").status()).isEqualTo(200);
        TestHttp.Reply added = http(admin).post("/workspace/members", Map.of("username", outsider.username()));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("role").asString()).isEqualTo("member");
        TestHttp.Reply revoked = http(alice).delete("/workspace/api-keys/" + issued.json().get("id").asString());
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(TestHttp.to(port).api().as(newKey).get("/auth/me").status()).isEqualTo(401);
        assertThat(http(alice).post("/workspace/members", Map.of("username", member.username(), "role", "owner"))
                .status()).isEqualTo(409);
    }

    private Map<String, Object> provisionBody(String field, long nodeId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name("private"));
        body.put(field, nodeId);
        body.put("compose_file", Map.of("docker_compose_file", "services: {}\n"));
        return body;
    }

    private long provisionsOf(TestAccount account, String appId) {
        return jdbc.sql("SELECT COUNT(*) FROM provisions WHERE workspace_id = ? AND app_id = ?")
                .params(account.workspaceId(), appId).query(Long.class).single();
    }

    /** Same status (404), error_code and message, once each answer's own id is replaced by a placeholder. */
    private static void assertSameAsMissing(String what, TestHttp.Reply theirs, String theirId, TestHttp.Reply missing,
                                            String missingId) {
        assertThat(theirs.status()).as(what + ": " + theirs.body()).isEqualTo(404);
        assertThat(missing.status()).as(what + " (missing): " + missing.body()).isEqualTo(404);
        assertThat(theirs.json().at("/detail/error_code").asString()).as(what)
                .isEqualTo(missing.json().at("/detail/error_code").asString());
        assertThat(theirs.body().replace(theirId, "<id>")).as(what).isEqualTo(missing.body().replace(missingId, "<id>"));
    }
}
