package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What an operator's probes and scrapers see: health groups and Prometheus metrics by route, operation and node. */
@ServerTest
class OperabilityTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void livenessAndReadinessAreUp() throws Exception {
        for (String group : new String[] {"liveness", "readiness"}) {
            HttpResponse<String> r = get("/actuator/health/" + group, null);
            assertThat(r.statusCode()).as(group).isEqualTo(200);
            assertThat(r.body()).as(group).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void prometheusShowsRequestLatencyByRouteOperationsByStateAndNodeReachability() throws Exception {
        TestAccount account = new TestAccounts(jdbc).workspaceWithKey("ops-" + System.nanoTime());
        assertThat(get("/api/v1/auth/me", account.apiKey()).statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = get("/actuator/prometheus", null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/auth/me\"")
                .containsPattern("opencvm_operations\\{[^}]*state=\"pending\"")
                .containsPattern("opencvm_nodes\\{[^}]*status=\"online\"");
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
