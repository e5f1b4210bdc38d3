package io.opencvm.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ServerTest
class WorkspacesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccountService accounts;

    TestHttp api;
    TestAccount alice;
    TestAccount bob;
    String extra;

    @BeforeEach
    void setUp() {
        api = TestHttp.to(port);
        long n = System.nanoTime() % 1_000_000;
        alice = new TestAccounts(jdbc).workspaceWithKey("alice-" + n);
        bob = new TestAccounts(jdbc).workspaceWithKey("bob-" + n);
        extra = "extra-" + n;
        accounts.createWorkspace("Extra", extra);
        accounts.addMember(extra, alice.username(), MemberRole.MEMBER);
    }

    @Test
    void listShowsOnlyTheCallersWorkspacesWithTheKeysOneAsDefault() {
        TestHttp.Reply reply = api.get("/api/v1/workspaces", alice.apiKey());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.json().get("data");
        assertThat(slugs(data)).containsExactly(alice.slug(), extra);
        JsonNode own = data.get(0);
        assertThat(own.propertyNames()).contains("id", "name", "slug", "tier", "role", "is_default", "created_at");
        assertThat(own.get("is_default").booleanValue()).isTrue();
        assertThat(own.get("role").stringValue()).isEqualTo("owner");
        assertThat(own.get("created_at").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(data.get(1).get("is_default").booleanValue()).isFalse();
        assertThat(data.get(1).get("role").stringValue()).isEqualTo("member");
        JsonNode pagination = reply.json().get("pagination");
        assertThat(pagination.get("has_more").booleanValue()).isFalse();
        assertThat(pagination.get("next_cursor").isNull()).isTrue();
        assertThat(pagination.get("total").asLong()).isEqualTo(2);
    }

    @Test
    void aCursorWalksThroughEveryWorkspaceOncePageByPage() {
        TestHttp.Reply first = api.get("/api/v1/workspaces?limit=1", alice.apiKey());
        assertThat(slugs(first.json().get("data"))).containsExactly(alice.slug());
        assertThat(first.json().at("/pagination/has_more").booleanValue()).isTrue();
        String cursor = first.json().at("/pagination/next_cursor").stringValue();

        TestHttp.Reply second = api.get("/api/v1/workspaces?limit=1&cursor=" + cursor, alice.apiKey());
        assertThat(slugs(second.json().get("data"))).containsExactly(extra);
        assertThat(second.json().at("/pagination/has_more").booleanValue()).isFalse();
        assertThat(second.json().at("/pagination/total").asLong()).isEqualTo(2);
    }

    @Test
    void aBadLimitOrCursorIsA422OnTheQuery() {
        TestHttp.Reply limit = api.get("/api/v1/workspaces?limit=0", alice.apiKey());
        assertThat(limit.status()).isEqualTo(422);
        assertThat(limit.json().at("/detail/0/loc").toString()).isEqualTo("[\"query\",\"limit\"]");
        TestHttp.Reply cursor = api.get("/api/v1/workspaces?cursor=zzz", alice.apiKey());
        assertThat(cursor.status()).isEqualTo(422);
        assertThat(cursor.json().at("/detail/0/loc").toString()).isEqualTo("[\"query\",\"cursor\"]");
    }

    @Test
    void aMemberGetsOneWorkspaceBySlug() {
        TestHttp.Reply own = api.get("/api/v1/workspaces/" + alice.slug(), alice.apiKey());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("slug").stringValue()).isEqualTo(alice.slug());
        assertThat(own.json().get("is_default").booleanValue()).isTrue();
        TestHttp.Reply other = api.get("/api/v1/workspaces/" + extra, alice.apiKey());
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().get("is_default").booleanValue()).isFalse();
    }

    @Test
    void aWorkspaceOfSomeoneElseOrNoneAtAllIs404() {
        TestHttp.Reply foreign = api.get("/api/v1/workspaces/" + alice.slug(), bob.apiKey());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-04-101");
        TestHttp.Reply missing = api.get("/api/v1/workspaces/no-such-workspace", bob.apiKey());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/detail/error_code").stringValue()).isEqualTo("ERR-04-101");
        assertThat(slugs(api.get("/api/v1/workspaces", bob.apiKey()).json().get("data"))).containsExactly(bob.slug());
    }

    private static List<String> slugs(JsonNode data) {
        List<String> slugs = new ArrayList<>();
        data.forEach(w -> slugs.add(w.get("slug").stringValue()));
        return slugs;
    }
}
