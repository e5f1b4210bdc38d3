package io.opencvm.account;

import static io.opencvm.testsupport.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ServerTest
class AdminEndpointsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    TestHttp api;
    TestAccount operator;
    TestAccount alice;
    long n;

    @BeforeEach
    void setUp() {
        api = TestHttp.to(port);
        n = System.nanoTime() % 1_000_000;
        operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + n);
        alice = new TestAccounts(jdbc).workspaceWithKey("alice-" + n);
    }

    /** Row counts of every account table, to prove a refused request changed nothing. */
    private List<Long> accountRows() {
        return List.of("users", "workspaces", "workspace_members", "api_keys").stream()
                .map(t -> jdbc.sql("SELECT COUNT(*) FROM " + t).query(Long.class).single()).toList();
    }

    @Test
    void anOperatorCreatesAWorkspaceAUserAndAKeyThatWorks() {
        String slug = "team-" + n;
        TestHttp.Reply ws = api.post("/admin/workspaces", operator.apiKey(), json("name", "Team", "slug", slug));
        assertThat(ws.status()).isEqualTo(201);
        assertThat(ws.json().get("slug").stringValue()).isEqualTo(slug);
        assertThat(ws.json().get("id").stringValue()).startsWith("ws_");

        TestHttp.Reply user = api.post("/admin/users", operator.apiKey(), json("username", "carol" + n,
                "email", "carol@example.test", "role", "user", "workspace_slug", slug, "workspace_role", "admin"));
        assertThat(user.status()).isEqualTo(201);
        assertThat(user.json().get("workspace_role").stringValue()).isEqualTo("admin");

        TestHttp.Reply key = api.post("/admin/api-keys", operator.apiKey(), json("username", "carol" + n,
                "workspace_slug", slug, "name", "laptop"));
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.json().propertyNames()).containsExactlyInAnyOrder("id", "key", "prefix");
        String plaintext = key.json().get("key").stringValue();
        assertThat(plaintext).startsWith(key.json().get("prefix").stringValue());

        JsonNode me = api.get("/api/v1/auth/me", plaintext).json();
        assertThat(me.at("/user/username").stringValue()).isEqualTo("carol" + n);
        assertThat(me.at("/workspace/slug").stringValue()).isEqualTo(slug);
        assertThat(me.at("/workspace/role").stringValue()).isEqualTo("admin");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?").param(plaintext).query(Long.class).single())
                .as("the plaintext is never stored").isZero();
    }

    @Test
    void listsShowEverythingButNeverAKeysPlaintext() {
        String plaintext = api.post("/admin/api-keys", operator.apiKey(),
                json("username", alice.username(), "workspace_slug", alice.slug())).json().get("key").stringValue();

        TestHttp.Reply workspaces = api.get("/admin/workspaces", operator.apiKey());
        assertThat(workspaces.status()).isEqualTo(200);
        assertThat(workspaces.json().get("data").findValuesAsString("slug")).contains(alice.slug(), operator.slug());
        TestHttp.Reply users = api.get("/admin/users", operator.apiKey());
        assertThat(users.json().get("data").findValuesAsString("username")).contains(alice.username(), operator.username());
        TestHttp.Reply keys = api.get("/admin/api-keys", operator.apiKey());
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.json().get("data").findValuesAsString("username")).contains(alice.username());
        assertThat(keys.json().get("data").get(0).propertyNames()).containsExactlyInAnyOrder("id", "name", "prefix",
                "username", "workspace_slug", "created_at", "revoked_at");
        assertThat(keys.body()).doesNotContain(plaintext).doesNotContain(alice.apiKey())
                .doesNotContain(ApiKeys.hash(plaintext));
    }

    @Test
    void revokingAKeyMarksItAndIsIdempotent() {
        JsonNode created = api.post("/admin/api-keys", operator.apiKey(),
                json("username", alice.username(), "workspace_slug", alice.slug())).json();
        String id = created.get("id").stringValue();
        TestHttp.Reply revoked = api.delete("/admin/api-keys/" + id, operator.apiKey());
        assertThat(revoked.status()).isEqualTo(200);
        String at = revoked.json().get("revoked_at").stringValue();
        assertThat(at).isNotNull();
        assertThat(api.get("/api/v1/auth/me", created.get("key").stringValue()).status()).isEqualTo(401);
        assertThat(api.delete("/admin/api-keys/" + id, operator.apiKey()).json().get("revoked_at").stringValue()).isEqualTo(at);
        assertThat(api.get("/api/v1/auth/me", alice.apiKey()).status()).as("other keys still work").isEqualTo(200);
    }

    @Test
    void aNonAdminKeyIsRefused403AndNothingChanges() {
        List<Long> before = accountRows();
        for (TestHttp.Reply reply : List.of(api.get("/admin/users", alice.apiKey()),
                api.post("/admin/workspaces", alice.apiKey(), json("name", "X", "slug", "x-" + n)),
                api.post("/admin/api-keys", alice.apiKey(), json("username", alice.username(), "workspace_slug", alice.slug())))) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-00-002");
        }
        assertThat(api.get("/admin/users", null).status()).isEqualTo(401);
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void missingFieldsAre422InTheFastApiShapeAndNothingChanges() {
        List<Long> before = accountRows();
        TestHttp.Reply reply = api.post("/admin/users", operator.apiKey(), json("username", "dave" + n));
        assertThat(reply.status()).isEqualTo(422);
        JsonNode detail = reply.json().get("detail");
        assertThat(detail.findValuesAsString("type")).containsOnly("missing");
        assertThat(detail.findValues("loc").stream().map(JsonNode::toString))
                .containsExactlyInAnyOrder("[\"body\",\"email\"]", "[\"body\",\"workspace_slug\"]");
        assertThat(api.post("/admin/workspaces", operator.apiKey(), json("slug", "s-" + n)).json().at("/detail/0/loc").toString())
                .isEqualTo("[\"body\",\"name\"]");
        assertThat(api.post("/admin/api-keys", operator.apiKey(), "").status()).isEqualTo(422);
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void badValuesAre422AndNothingChanges() {
        List<Long> before = accountRows();
        TestHttp.Reply slug = api.post("/admin/workspaces", operator.apiKey(), json("name", "Bad", "slug", "-Bad_Slug"));
        assertThat(slug.status()).isEqualTo(422);
        assertThat(slug.json().at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"slug\"]");
        assertThat(slug.json().at("/detail/0/type").stringValue()).isEqualTo("string_pattern_mismatch");
        TestHttp.Reply role = api.post("/admin/users", operator.apiKey(), json("username", "erin" + n, "email", "not-an-email",
                "role", "root", "workspace_slug", alice.slug()));
        assertThat(role.status()).isEqualTo(422);
        assertThat(role.json().get("detail").findValues("loc").stream().map(JsonNode::toString))
                .containsExactlyInAnyOrder("[\"body\",\"email\"]", "[\"body\",\"role\"]");
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void duplicatesAre409AndNothingChanges() {
        List<Long> before = accountRows();
        TestHttp.Reply ws = api.post("/admin/workspaces", operator.apiKey(), json("name", "Again", "slug", alice.slug()));
        assertThat(ws.status()).isEqualTo(409);
        assertThat(ws.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-04-103");
        TestHttp.Reply user = api.post("/admin/users", operator.apiKey(), json("username", alice.username(),
                "email", "x@example.test", "workspace_slug", operator.slug()));
        assertThat(user.status()).isEqualTo(409);
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void unknownUsersWorkspacesAndKeysAre404AndNothingChanges() {
        List<Long> before = accountRows();
        TestHttp.Reply user = api.post("/admin/users", operator.apiKey(), json("username", "frank" + n,
                "email", "f@example.test", "workspace_slug", "no-such-ws"));
        assertThat(user.status()).isEqualTo(404);
        assertThat(user.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-04-101");
        TestHttp.Reply key = api.post("/admin/api-keys", operator.apiKey(), json("username", "nobody", "workspace_slug", alice.slug()));
        assertThat(key.status()).isEqualTo(404);
        assertThat(key.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-04-102");
        TestHttp.Reply revoke = api.delete("/admin/api-keys/key_nope", operator.apiKey());
        assertThat(revoke.status()).isEqualTo(404);
        assertThat(accountRows()).isEqualTo(before);
        assertThat(api.get("/admin/users", operator.apiKey()).json().get("data").findValuesAsString("username"))
                .doesNotContain("frank" + n);
    }

    @Test
    void aKeyForAWorkspaceTheUserIsNotInIsRefusedAndNothingChanges() {
        List<Long> before = accountRows();
        TestHttp.Reply key = api.post("/admin/api-keys", operator.apiKey(),
                json("username", alice.username(), "workspace_slug", operator.slug()));
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-04-105");
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void anExistingUserCanBeAddedToAnotherWorkspaceOnce() {
        TestHttp.Reply added = api.post("/admin/workspaces/" + operator.slug() + "/members", operator.apiKey(),
                json("username", alice.username()));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("role").stringValue()).isEqualTo("member");
        assertThat(api.get("/api/v1/workspaces", alice.apiKey()).json().get("data").findValuesAsString("slug"))
                .containsExactlyInAnyOrder(alice.slug(), operator.slug());
        List<Long> before = accountRows();
        assertThat(api.post("/admin/workspaces/" + operator.slug() + "/members", operator.apiKey(),
                json("username", alice.username())).status()).isEqualTo(409);
        assertThat(accountRows()).isEqualTo(before);
    }
}
