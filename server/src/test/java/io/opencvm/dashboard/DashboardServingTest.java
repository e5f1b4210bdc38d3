package io.opencvm.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestHttp;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The built dashboard is served from the jar, same origin, without a key: the page is revalidated on every
 * visit (no-cache + ETag) under a strict CSP, the hashed assets it names are cached for a year.
 */
@ServerTest
class DashboardServingTest {

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/dashboard/assets/[^\"]+\\.js)\"");

    @LocalServerPort
    int port;

    private TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.to(port);
    }

    @Test
    void thePageIsServedWithoutAKeyUnderAStrictPolicyAndRevalidatedOnEveryVisit() {
        TestHttp.Reply page = get("/dashboard/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).contains("<div id=\"app\">").doesNotContain("<script>");
        String etag = page.header("ETag");
        assertThat(etag).isNotBlank();

        assertThat(get("/dashboard/", etag).status()).isEqualTo(304);
    }

    @Test
    void theHashedAssetsArePublicAndCachedForAYearAsImmutable() {
        Matcher m = SCRIPT.matcher(get("/dashboard/", null).body());
        assertThat(m.find()).isTrue();
        TestHttp.Reply script = get(m.group(1), null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).contains("javascript");
        assertThat(script.header("Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
        assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void theBarePathRedirectsAndAnUnknownAssetIsAJson404() {
        TestHttp.Reply bare = get("/dashboard", null);
        assertThat(bare.status()).isEqualTo(301);
        assertThat(bare.header("Location")).isEqualTo("/dashboard/");
        TestHttp.Reply missing = get("/dashboard/assets/nothing-here.js", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("ERR-00-003");
    }

    @Test
    void theSignInRoutesAreNotPartOfTheServedApiDocument() {
        assertThat(get("/api/v1/openapi.json", null).body()).doesNotContain("/dashboard");
    }

    private TestHttp.Reply get(String path, String ifNoneMatch) {
        return http.with("If-None-Match", ifNoneMatch).get(path);
    }
}
