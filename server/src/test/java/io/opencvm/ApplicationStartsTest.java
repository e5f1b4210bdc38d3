package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServerTest
class ApplicationStartsTest {

    @LocalServerPort
    int port;

    @Test
    void serverAnswersHealthAndUnknownApiPathsAreJson404() {
        TestHttp http = TestHttp.to(port);
        TestHttp.Reply health = http.get("/readyz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("UP");

        TestHttp.Reply missing = http.get("/api/v1/no/such/path");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(missing.body()).contains("\"error_code\":\"ERR-00-003\"");
    }

    @Test
    void theApiAnswersJsonWhateverTheClientAccepts() {
        TestHttp http = TestHttp.to(port);
        for (String accept : new String[] {"text/html", "application/xml", "text/plain", "image/png", "*/*"}) {
            for (String path : new String[] {"/api/v1/auth/me", "/api/v1/no/such/path", "/api/v1/openapi.json"}) {
                TestHttp.Reply r = http.with("Accept", accept).get(path);
                assertThat(r.status()).as(accept + " " + path).isLessThan(500).isNotEqualTo(406);
                assertThat(r.headers().firstValue("Content-Type")).as(accept + " " + path)
                        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            }
        }
    }
}
