package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServerTest
class ApplicationStartsTest {

    @LocalServerPort
    int port;

    @Test
    void serverAnswersHealthAndUnknownApiPathsAreJson404() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/no/such/path")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(missing.body()).contains("\"error_code\":\"ERR-00-003\"");
    }

    @Test
    void theApiAnswersJsonWhateverTheClientAccepts() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String accept : new String[] {"text/html", "application/xml", "text/plain", "image/png", "*/*"}) {
            for (String path : new String[] {"/api/v1/auth/me", "/api/v1/no/such/path", "/api/v1/openapi.json"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(accept + " " + path).isLessThan(500).isNotEqualTo(406);
                assertThat(r.headers().firstValue("Content-Type")).as(accept + " " + path)
                        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            }
        }
    }
}
