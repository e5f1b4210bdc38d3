package io.opencvm.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ServerTest
class AuthMeTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    TestAccount alice;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        alice = new TestAccounts(jdbc).workspaceWithKey("acme-" + System.nanoTime() % 100000);
    }

    @Test
    void meInTheNewestShapeHasEveryKeyTheClientsRequire() {
        for (Api.Reply reply : new Api.Reply[] {api.get("/api/v1/auth/me", alice.apiKey()),
                api.get("/api/v1/auth/me", alice.apiKey(), "2026-01-21")}) {
            assertThat(reply.status()).isEqualTo(200);
            JsonNode me = reply.json();
            assertThat(me.propertyNames()).containsExactlyInAnyOrder("user", "workspace", "credits");
            assertThat(me.get("user").propertyNames()).containsExactlyInAnyOrder("username", "email", "role", "avatar",
                    "email_verified", "totp_enabled", "has_backup_codes", "flag_has_password");
            assertThat(me.get("workspace").propertyNames()).contains("id", "name", "slug", "tier", "role");
            assertThat(me.get("credits").propertyNames()).containsExactlyInAnyOrder("balance", "granted_balance",
                    "is_post_paid", "outstanding_amount");
            assertThat(me.at("/user/username").stringValue()).isEqualTo(alice.username());
            assertThat(me.at("/user/role").stringValue()).isEqualTo("user");
            assertThat(me.at("/user/avatar").isString()).isTrue();
            assertThat(me.at("/user/email_verified").isBoolean()).isTrue();
            assertThat(me.at("/workspace/slug").stringValue()).isEqualTo(alice.slug());
            assertThat(me.at("/workspace/role").stringValue()).isEqualTo("owner");
            assertThat(me.at("/credits/balance").isNumber()).isTrue();
            assertThat(me.at("/credits/is_post_paid").booleanValue()).isTrue();
        }
    }

    @Test
    void anOperatorIsRoleAdminAndEveryoneElseRoleUser() {
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + System.nanoTime() % 100000);
        assertThat(api.get("/api/v1/auth/me", operator.apiKey()).json().at("/user/role").stringValue()).isEqualTo("admin");
        assertThat(api.get("/api/v1/auth/me", alice.apiKey()).json().at("/user/role").stringValue()).isEqualTo("user");
    }

    @Test
    void meInTheOlderShapeIsFlatWithTeamAndCredits() {
        Api.Reply reply = api.get("/api/v1/auth/me", alice.apiKey(), "2025-10-28");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode me = reply.json();
        assertThat(me.propertyNames()).containsExactlyInAnyOrder("username", "email", "avatar", "team_name", "team_tier",
                "credits", "granted_credits");
        assertThat(me.get("username").stringValue()).isEqualTo(alice.username());
        assertThat(me.get("team_name").stringValue()).isEqualTo(alice.slug().toUpperCase());
        assertThat(me.get("credits").isNumber()).isTrue();
        assertThat(me.get("granted_credits").isNumber()).isTrue();
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWithAStructured401() {
        Api.Reply reply = api.get("/api/v1/auth/me", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-00-001");
        assertThat(reply.json().at("/detail/message").isString()).isTrue();
    }

    @Test
    void aWrongKeyIsRefusedWithAStructured401() {
        Api.Reply reply = api.get("/api/v1/auth/me", alice.apiKey() + "x");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-00-001");
    }

    @Test
    void aBearerTokenAuthenticatesLikeXApiKey() {
        Api.Reply reply = api.send(api.request("/api/v1/auth/me", null)
                .header("Authorization", "Bearer " + alice.apiKey()).GET());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/user/username").stringValue()).isEqualTo(alice.username());
        Api.Reply wrong = api.send(api.request("/api/v1/auth/me", null)
                .header("Authorization", "Bearer nope").method("GET", HttpRequest.BodyPublishers.noBody()));
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void aRevokedKeyNoLongerAuthenticates() {
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + System.nanoTime() % 100000);
        String keyId = jdbc.sql("SELECT public_id FROM api_keys WHERE user_id = ?").param(alice.userId())
                .query(String.class).single();
        assertThat(api.get("/api/v1/auth/me", alice.apiKey()).status()).isEqualTo(200);

        assertThat(api.delete("/admin/api-keys/" + keyId, operator.apiKey()).status()).isEqualTo(200);

        Api.Reply reply = api.get("/api/v1/auth/me", alice.apiKey());
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-00-001");
    }
}
