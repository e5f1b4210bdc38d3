package io.opencvm.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
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

    TestHttp api;
    TestAccount alice;

    @BeforeEach
    void setUp() {
        api = TestHttp.to(port);
        alice = new TestAccounts(jdbc).workspaceWithKey("acme-" + System.nanoTime() % 100000);
    }

    @Test
    void meInTheNewestShapeHasEveryKeyTheClientsRequire() {
        for (TestHttp.Reply reply : new TestHttp.Reply[] {api.get("/api/v1/auth/me", alice.apiKey()),
                api.as(alice.apiKey()).version("2026-01-21").get("/api/v1/auth/me")}) {
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
        TestHttp.Reply reply = api.as(alice.apiKey()).version("2025-10-28").get("/api/v1/auth/me");
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
        TestHttp.Reply reply = api.get("/api/v1/auth/me", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-00-001");
        assertThat(reply.json().at("/detail/message").isString()).isTrue();
    }

    @Test
    void aWrongKeyIsRefusedWithAStructured401() {
        TestHttp.Reply reply = api.get("/api/v1/auth/me", alice.apiKey() + "x");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-00-001");
    }

    @Test
    void aBearerTokenAuthenticatesLikeXApiKey() {
        TestHttp.Reply reply = api.with("Authorization", "Bearer " + alice.apiKey()).get("/api/v1/auth/me");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/user/username").stringValue()).isEqualTo(alice.username());
        TestHttp.Reply wrong = api.with("Authorization", "Bearer nope").get("/api/v1/auth/me");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void aRevokedKeyNoLongerAuthenticates() {
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + System.nanoTime() % 100000);
        String keyId = jdbc.sql("SELECT public_id FROM api_keys WHERE user_id = ?").param(alice.userId())
                .query(String.class).single();
        assertThat(api.get("/api/v1/auth/me", alice.apiKey()).status()).isEqualTo(200);

        assertThat(api.delete("/admin/api-keys/" + keyId, operator.apiKey()).status()).isEqualTo(200);

        TestHttp.Reply reply = api.get("/api/v1/auth/me", alice.apiKey());
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-00-001");
    }
}
