package io.opencvm.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.account.ApiKeys;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestHttp.Reply;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Dashboard sign-in over HTTP: the API key is exchanged once for an http-only, SameSite=Strict cookie whose
 * value is stored only as a hash; the cookie authenticates like the key, writes need the CSRF token, and the
 * session ends at sign-out, at expiry and when its key is revoked.
 */
@ServerTest
@Import(SettableClock.Config.class)
class DashboardSessionTest {

    private static final Pattern COOKIE = Pattern.compile("^opencvm_session=([^;]*)");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SettableClock clock;

    private TestHttp http;
    private TestAccount alice;

    /** A signed-in browser: its cookie value and the CSRF token the page was given. */
    record Browser(String cookie, String csrf) {
    }

    @BeforeEach
    void setUp() {
        http = TestHttp.to(port);
        alice = new TestAccounts(jdbc).workspaceWithKey("dash-" + System.nanoTime() % 1_000_000);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void signingInSetsAnHttpOnlyStrictCookieWhoseValueIsStoredOnlyAsAHash() {
        long before = sessions();
        Reply reply = signInRaw(alice.apiKey(), null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.setCookies()).hasSize(1);
        String setCookie = reply.setCookies().get(0);
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200").doesNotContain("Secure");
        String value = cookieValue(setCookie);
        assertThat(value).hasSize(43).doesNotContain(alice.apiKey());
        assertThat(reply.json().get("username").asString()).isEqualTo(alice.username());
        assertThat(reply.json().get("workspace").asString()).isEqualTo(alice.slug());
        assertThat(reply.json().get("operator").asBoolean()).isFalse();
        assertThat(reply.json().get("csrf_token").asString()).hasSize(43).isNotEqualTo(value);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(sessions()).isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dashboard_sessions WHERE session_hash = ?").param(ApiKeys.hash(value))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dashboard_sessions WHERE session_hash IN (?, ?)")
                .params(value, alice.apiKey()).query(Long.class).single()).isZero();
    }

    @Test
    void aWrongKeyIsRefusedLikeAWrongApiKeyAndOpensNoSession() {
        long before = sessions();
        Reply reply = signInRaw(alice.apiKey() + "x", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("ERR-00-001");
        assertThat(reply.setCookies()).isEmpty();
        assertThat(sessions()).isEqualTo(before);
    }

    @Test
    void badSignInBodiesAreRefusedWithoutEchoingTheKeyAndOpenNothing() {
        long before = sessions();
        assertThat(http.post("/dashboard/session", "{}").json().at("/detail/0/type").asString()).isEqualTo("missing");
        assertThat(http.post("/dashboard/session", "[]").status()).isEqualTo(422);
        Reply number = http.post("/dashboard/session", "{\"api_key\": 12345678}");
        assertThat(number.status()).isEqualTo(422);
        assertThat(number.json().at("/detail/0/type").asString()).isEqualTo("string_type");
        assertThat(number.body()).doesNotContain("12345678");
        assertThat(http.post("/dashboard/session", "{\"api_key\": \"  \"}").status()).isEqualTo(422);
        Reply form = http.with("Content-Type", "text/plain")
                .post("/dashboard/session", "{\"api_key\": \"" + alice.apiKey() + "\"}");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.body()).doesNotContain(alice.apiKey());
        assertThat(sessions()).isEqualTo(before);
    }

    @Test
    void aSignInFromAnotherSiteIsRefused() {
        long before = sessions();
        Reply reply = http.with("Sec-Fetch-Site", "cross-site")
                .post("/dashboard/session", "{\"api_key\": \"" + alice.apiKey() + "\"}");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("ERR-00-008");
        assertThat(sessions()).isEqualTo(before);
    }

    @Test
    void theCookieAuthenticatesAsTheKeysUserAndWorkspace() {
        Browser browser = signIn(alice.apiKey());
        Reply me = withSession(browser.cookie()).get("/api/v1/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().at("/user/username").asString()).isEqualTo(alice.username());
        assertThat(me.json().at("/workspace/slug").asString()).isEqualTo(alice.slug());
        Reply session = withSession(browser.cookie()).get("/dashboard/session");
        assertThat(session.json().get("csrf_token").asString()).isEqualTo(browser.csrf());
    }

    @Test
    void writesAuthenticatedByTheCookieNeedTheCsrfTokenAndKeyedWritesDoNot() {
        Browser browser = signIn(alice.apiKey());
        String body = "{\"vm_uuids\": []}";

        Reply without = withSession(browser.cookie()).post("/api/v1/status/batch", body);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.errorCode()).isEqualTo("ERR-00-008");
        Reply wrong = withSession(browser.cookie()).with("X-CSRF-Token", browser.csrf() + "x").post("/api/v1/status/batch", body);
        assertThat(wrong.status()).isEqualTo(403);
        Reply right = withSession(browser.cookie()).with("X-CSRF-Token", browser.csrf()).post("/api/v1/status/batch", body);
        assertThat(right.status()).isEqualTo(200);
        Reply keyed = http.as(alice.apiKey()).post("/api/v1/status/batch", body);
        assertThat(keyed.status()).isEqualTo(200);
    }

    @Test
    void operatorOnlyRoutesStayClosedToAMembersSession() {
        Browser browser = signIn(alice.apiKey());
        Reply reply = withSession(browser.cookie()).get("/admin/nodes");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("ERR-00-002");
    }

    @Test
    void anExpiredSessionIsRefusedAndTheKeyStillWorks() {
        Browser browser = signIn(alice.apiKey());
        clock.advance(Duration.ofHours(12).plusSeconds(1));

        Reply reply = withSession(browser.cookie()).get("/api/v1/auth/me");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("ERR-00-001");
        assertThat(withSession(browser.cookie()).get("/dashboard/session").status()).isEqualTo(401);
        assertThat(http.as(alice.apiKey()).get("/api/v1/auth/me").status()).isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionOnTheServerAndClearsTheCookie() {
        Browser browser = signIn(alice.apiKey());
        Reply withoutToken = withSession(browser.cookie()).delete("/dashboard/session");
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withSession(browser.cookie()).get("/api/v1/auth/me").status()).isEqualTo(200);

        Reply out = withSession(browser.cookie()).with("X-CSRF-Token", browser.csrf()).delete("/dashboard/session");
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.setCookies()).singleElement().satisfies(c -> assertThat(c).startsWith("opencvm_session=;")
                .contains("Max-Age=0"));
        assertThat(withSession(browser.cookie()).get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT revoked_at IS NOT NULL FROM dashboard_sessions WHERE session_hash = ?")
                .param(ApiKeys.hash(browser.cookie())).query(Boolean.class).single()).isTrue();
    }

    @Test
    void revokingTheApiKeyEndsItsSessions() {
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + System.nanoTime() % 1_000_000);
        Browser browser = signIn(alice.apiKey());
        String keyId = jdbc.sql("SELECT public_id FROM api_keys WHERE user_id = ?").param(alice.userId())
                .query(String.class).single();

        assertThat(http.as(operator.apiKey()).delete("/admin/api-keys/" + keyId).status()).isEqualTo(200);

        assertThat(withSession(browser.cookie()).get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void signingInAgainEndsTheSessionTheBrowserHad() {
        Browser first = signIn(alice.apiKey());
        Reply again = signInRaw(alice.apiKey(), first.cookie());
        assertThat(again.status()).isEqualTo(200);

        assertThat(withSession(first.cookie()).get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(withSession(cookieValue(again.setCookies().get(0))).get("/api/v1/auth/me").status()).isEqualTo(200);
    }

    @Test
    void aKeyedRequestHasNoDashboardSessionToShow() {
        Reply reply = http.as(alice.apiKey()).get("/dashboard/session");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("ERR-00-001");
    }

    private Browser signIn(String key) {
        Reply reply = signInRaw(key, null);
        assertThat(reply.status()).isEqualTo(200);
        return new Browser(cookieValue(reply.setCookies().get(0)), reply.json().get("csrf_token").asString());
    }

    /** The browser's requests: with the session cookie {@code cookie}, or without one when it is null. */
    private TestHttp withSession(String cookie) {
        return http.with("Cookie", cookie == null ? null : "opencvm_session=" + cookie);
    }

    private Reply signInRaw(String key, String cookie) {
        return withSession(cookie).post("/dashboard/session", "{\"api_key\": \"" + key + "\"}");
    }

    private static String cookieValue(String setCookie) {
        Matcher m = COOKIE.matcher(setCookie);
        assertThat(m.find()).as(setCookie).isTrue();
        return m.group(1);
    }

    private long sessions() {
        return jdbc.sql("SELECT COUNT(*) FROM dashboard_sessions").query(Long.class).single();
    }
}
