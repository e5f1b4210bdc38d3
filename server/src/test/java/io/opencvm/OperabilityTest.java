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
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an operator's probes and scrapers see: liveness and readiness on the API port, health groups and
 * Prometheus metrics by route, operation and node on the management port only.
 */
@ServerTest
class OperabilityTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcClient jdbc;

    @Test
    void livenessAndReadinessAreUpOnTheApiPortWithoutAKey() throws Exception {
        for (String path : new String[] {"/livez", "/readyz"}) {
            HttpResponse<String> r = get(port, path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void healthGroupsAreUpOnTheManagementPort() throws Exception {
        for (String group : new String[] {"liveness", "readiness"}) {
            HttpResponse<String> r = get(managementPort, "/actuator/health/" + group, null);
            assertThat(r.statusCode()).as(group).isEqualTo(200);
            assertThat(r.body()).as(group).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void metricsAreNotServedOnTheApiPortEvenToAnOperator() throws Exception {
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + System.nanoTime());
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/health", "/actuator"}) {
            HttpResponse<String> r = get(port, path, operator.apiKey());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("http_server_requests").contains("\"error_code\"");
        }
    }

    @Test
    void prometheusShowsRequestLatencyByRouteOperationsByStateAndNodeReachability() throws Exception {
        TestAccount account = new TestAccounts(jdbc).workspaceWithKey("ops-" + System.nanoTime());
        assertThat(get(port, "/api/v1/auth/me", account.apiKey()).statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus", null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/auth/me\"")
                .containsPattern("opencvm_operations\\{[^}]*state=\"pending\"")
                .containsPattern("opencvm_nodes\\{[^}]*status=\"online\"");
    }

    private HttpResponse<String> get(int onPort, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
