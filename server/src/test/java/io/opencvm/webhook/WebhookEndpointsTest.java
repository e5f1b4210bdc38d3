package io.opencvm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.account.AccountService;
import io.opencvm.account.MemberRole;
import io.opencvm.account.UserRole;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The eleven routes as published, who may use them, and what they refuse (with the default target policy). */
@ServerTest
class WebhookEndpointsTest {

    static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    static final String BASE = "/api/v1/workspace/webhooks";
    static final String PUBLIC_URL = "https://203.0.113.10/hook"; // a documentation address: public, never dialled here

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AccountService accounts;

    TestAccount alice;
    TestAccount bob;

    @BeforeEach
    void setUp() {
        alice = new TestAccounts(jdbc).workspaceWithKey("hooks-a-" + SEQ.incrementAndGet());
        bob = new TestAccounts(jdbc).workspaceWithKey("hooks-b-" + SEQ.incrementAndGet());
    }

    TestHttp as(String key) {
        return TestHttp.to(port).as(key);
    }

    JsonNode create(String key, Object body) {
        TestHttp.Reply reply = as(key).post(BASE, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM webhooks").query(Long.class).single();
    }

    @Test
    void createShowsTheSecretOnceAndGetListUpdateDeleteFollowTheirPublishedShapes() {
        JsonNode created = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started", "cvm.stopped"),
                "name", "ops"));
        assertThat(TestHttp.keys(created)).containsExactlyInAnyOrder("id", "url", "secret", "events", "name", "enabled",
                "created_at", "updated_at");
        assertThat(created.get("secret").asString()).startsWith("whsec_").hasSizeGreaterThan(30);
        assertThat(created.get("enabled").asBoolean()).isTrue();
        String id = created.get("id").asString();

        JsonNode got = as(alice.apiKey()).get(BASE + "/" + id).json();
        assertThat(got.get("secret").isNull()).isTrue();
        assertThat(got.get("events").toString()).isEqualTo("[\"cvm.started\",\"cvm.stopped\"]");
        JsonNode list = as(alice.apiKey()).get(BASE).json();
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("secret").isNull()).isTrue();

        TestHttp.Reply put = as(alice.apiKey()).send("PUT", BASE + "/" + id, Map.of("enabled", false, "events",
                List.of("cvm.deleted")));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("enabled").asBoolean()).isFalse();
        assertThat(put.json().get("events").toString()).isEqualTo("[\"cvm.deleted\"]");
        assertThat(put.json().get("url").asString()).isEqualTo(PUBLIC_URL);
        assertThat(put.json().get("name").asString()).isEqualTo("ops");

        assertThat(as(alice.apiKey()).delete(BASE + "/" + id).status()).isEqualTo(204);
        assertThat(as(alice.apiKey()).get(BASE + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void theSecretIsSealedInTheDatabaseAndRevealedOnlyWithAConfirmingKey() {
        JsonNode created = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started")));
        String id = created.get("id").asString();
        String secret = created.get("secret").asString();
        String stored = jdbc.sql("SELECT secret_sealed FROM webhooks WHERE public_id = ?").param(id).query(String.class).single();
        assertThat(stored).doesNotContain(secret).doesNotContain(secret.substring(6)).startsWith("v1:");

        TestHttp.Reply unconfirmed = as(alice.apiKey()).post(BASE + "/" + id + "/reveal-secret", TestHttp.NO_BODY);
        assertThat(unconfirmed.status()).isEqualTo(403);
        assertThat(unconfirmed.errorCode()).isEqualTo("ERR-06-004");
        assertThat(unconfirmed.body()).doesNotContain(secret);
        TestHttp.Reply othersKey = as(alice.apiKey()).with("X-Confirm-Api-Key", bob.apiKey())
                .post(BASE + "/" + id + "/reveal-secret", TestHttp.NO_BODY);
        assertThat(othersKey.status()).isEqualTo(403);

        TestHttp.Reply revealed = as(alice.apiKey()).with("X-Confirm-Api-Key", alice.apiKey())
                .post(BASE + "/" + id + "/reveal-secret", TestHttp.NO_BODY);
        assertThat(revealed.status()).as(revealed.body()).isEqualTo(200);
        assertThat(revealed.json().get("secret").asString()).isEqualTo(secret);

        TestHttp.Reply rotateUnconfirmed = as(alice.apiKey()).post(BASE + "/" + id + "/rotate-secret", TestHttp.NO_BODY);
        assertThat(rotateUnconfirmed.status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT secret_sealed FROM webhooks WHERE public_id = ?").param(id).query(String.class).single())
                .isEqualTo(stored);
        TestHttp.Reply rotated = as(alice.apiKey()).with("X-Confirm-Api-Key", alice.apiKey())
                .post(BASE + "/" + id + "/rotate-secret", TestHttp.NO_BODY);
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.json().get("secret").asString();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(as(alice.apiKey()).with("X-Confirm-Api-Key", alice.apiKey())
                .post(BASE + "/" + id + "/reveal-secret", TestHttp.NO_BODY).json().get("secret").asString()).isEqualTo(fresh);
    }

    @Test
    void anOperatorsKeyConfirmsForAnyOwner() {
        String id = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"))).get("id").asString();
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("hooks-op-" + SEQ.incrementAndGet());
        TestHttp.Reply revealed = as(alice.apiKey()).with("X-Confirm-Api-Key", operator.apiKey())
                .post(BASE + "/" + id + "/reveal-secret", TestHttp.NO_BODY);
        assertThat(revealed.status()).isEqualTo(200);
    }

    @Test
    void aGivenSecretIsKeptAndAShortOneIsRefusedWithoutEchoingIt() {
        JsonNode created = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"),
                "secret", "whsec_my_own_secret_value"));
        assertThat(created.get("secret").asString()).isEqualTo("whsec_my_own_secret_value");
        long before = rows();
        TestHttp.Reply shortOne = as(alice.apiKey()).post(BASE, Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"),
                "secret", "tiny-secret"));
        assertThat(shortOne.status()).isEqualTo(422);
        assertThat(shortOne.body()).doesNotContain("tiny-secret");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void anotherWorkspacesWebhookAnswersExactlyLikeAMissingOne() {
        String id = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"))).get("id").asString();
        for (String path : List.of("", "/deliveries", "/stats")) {
            TestHttp.Reply foreign = as(bob.apiKey()).get(BASE + "/" + id + path);
            TestHttp.Reply missing = as(bob.apiKey()).get(BASE + "/wh_missing" + path);
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.errorCode()).isEqualTo("ERR-06-001").isEqualTo(missing.errorCode());
            assertThat(foreign.body().replace(id, "X")).isEqualTo(missing.body().replace("wh_missing", "X"));
        }
        assertThat(as(bob.apiKey()).delete(BASE + "/" + id).status()).isEqualTo(404);
        assertThat(as(bob.apiKey()).send("PUT", BASE + "/" + id, Map.of("enabled", false)).status()).isEqualTo(404);
        assertThat(as(bob.apiKey()).post(BASE + "/" + id + "/test", TestHttp.NO_BODY).status()).isEqualTo(404);
        assertThat(as(bob.apiKey()).with("X-Confirm-Api-Key", bob.apiKey())
                .post(BASE + "/" + id + "/reveal-secret", TestHttp.NO_BODY).status()).isEqualTo(404);
        assertThat(as(bob.apiKey()).get(BASE).json()).isEmpty();
        assertThat(as(alice.apiKey()).get(BASE + "/" + id).json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void plainMembersMayNotManageWebhooksButAdminsMay() {
        String id = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"))).get("id").asString();
        String memberKey = memberKey(MemberRole.MEMBER);
        long before = rows();
        for (TestHttp.Reply reply : List.of(as(memberKey).get(BASE), as(memberKey).get(BASE + "/" + id),
                as(memberKey).post(BASE, Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"))),
                as(memberKey).delete(BASE + "/" + id), as(memberKey).get(BASE + "/" + id + "/stats"))) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.errorCode()).isEqualTo("ERR-04-106");
        }
        assertThat(rows()).isEqualTo(before);
        assertThat(as(memberKey(MemberRole.ADMIN)).get(BASE + "/" + id).status()).isEqualTo(200);
    }

    @Test
    void loopbackPrivateLinkLocalAndNonHttpUrlsAreRefusedAndNothingIsWritten() {
        long before = rows();
        for (String url : List.of("http://127.0.0.1:8000/x", "http://localhost/x", "http://10.1.2.3/x",
                "http://192.168.1.1/x", "http://172.16.0.5/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://[fd00::1]/x", "http://0.0.0.0/x", "ftp://203.0.113.10/x", "not a url",
                "http://user:pw@203.0.113.10/x")) {
            TestHttp.Reply reply = as(alice.apiKey()).post(BASE, Map.of("url", url, "events", List.of("cvm.started")));
            assertThat(reply.status()).as(url).isEqualTo(422);
            assertThat(reply.json().at("/detail/0/loc").toString()).as(url).isEqualTo("[\"body\",\"url\"]");
        }
        assertThat(rows()).isEqualTo(before);
        String id = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"))).get("id").asString();
        TestHttp.Reply put = as(alice.apiKey()).send("PUT", BASE + "/" + id, Map.of("url", "http://127.0.0.1/x"));
        assertThat(put.status()).isEqualTo(422);
        assertThat(as(alice.apiKey()).get(BASE + "/" + id).json().get("url").asString()).isEqualTo(PUBLIC_URL);
    }

    @Test
    void badBodiesAre422sInTheFastApiShapeAndChangeNothing() {
        long before = rows();
        assertThat(as(alice.apiKey()).post(BASE, TestHttp.NO_BODY).json().at("/detail/0/type").asString()).isEqualTo("missing");
        TestHttp.Reply noEvents = as(alice.apiKey()).post(BASE, Map.of("url", PUBLIC_URL));
        assertThat(noEvents.status()).isEqualTo(422);
        assertThat(noEvents.json().at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"events\"]");
        TestHttp.Reply unknown = as(alice.apiKey()).post(BASE, Map.of("url", PUBLIC_URL, "events", List.of("cvm.exploded")));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("cvm.exploded");
        assertThat(as(alice.apiKey()).post(BASE, Map.of("url", PUBLIC_URL, "events", List.of())).status()).isEqualTo(422);
        assertThat(as(alice.apiKey()).post(BASE, Map.of("url", 5, "events", List.of("cvm.started"))).status()).isEqualTo(422);
        assertThat(as(alice.apiKey()).post(BASE, Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"),
                "name", "n".repeat(101))).status()).isEqualTo(422);
        assertThat(rows()).isEqualTo(before);
        String id = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"))).get("id").asString();
        assertThat(as(alice.apiKey()).get(BASE + "/" + id + "/deliveries?limit=0").status()).isEqualTo(422);
        assertThat(as(alice.apiKey()).get(BASE + "/" + id + "/deliveries?offset=-1").status()).isEqualTo(422);
        assertThat(as(alice.apiKey()).send("PUT", BASE + "/" + id, Map.of("enabled", "yes")).status()).isEqualTo(422);
        assertThat(as(alice.apiKey()).get(BASE + "/" + id).json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void resendOfAnUnknownEventIs404AndStatsOfANewEndpointAreZero() {
        String id = create(alice.apiKey(), Map.of("url", PUBLIC_URL, "events", List.of("cvm.started"))).get("id").asString();
        TestHttp.Reply resend = as(alice.apiKey()).post(BASE + "/" + id + "/deliveries/evt_nope/resend", TestHttp.NO_BODY);
        assertThat(resend.status()).isEqualTo(404);
        assertThat(resend.errorCode()).isEqualTo("ERR-06-002");
        JsonNode stats = as(alice.apiKey()).get(BASE + "/" + id + "/stats").json();
        assertThat(TestHttp.keys(stats)).containsExactlyInAnyOrder("total", "success_count", "failed_count", "success_rate",
                "avg_duration_ms", "max_duration_ms", "last_delivery_at");
        assertThat(stats.get("total").asLong()).isZero();
        assertThat(stats.get("last_delivery_at").isNull()).isTrue();
        assertThat(as(alice.apiKey()).get(BASE + "/" + id + "/deliveries").json()).isEmpty();
    }

    private String memberKey(MemberRole role) {
        String username = "m-" + SEQ.incrementAndGet();
        accounts.createUser(username, username + "@example.test", UserRole.USER);
        accounts.addMember(alice.slug(), username, role);
        return accounts.issueKey(username, alice.slug(), "k").key();
    }
}
