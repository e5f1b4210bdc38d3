package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
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

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcClient jdbc;

    @Test
    void livenessAndReadinessAreUpOnTheApiPortWithoutAKey() {
        for (String path : new String[] {"/livez", "/readyz"}) {
            TestHttp.Reply r = get(port, path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void healthGroupsAreUpOnTheManagementPort() {
        for (String group : new String[] {"liveness", "readiness"}) {
            TestHttp.Reply r = get(managementPort, "/actuator/health/" + group, null);
            assertThat(r.status()).as(group).isEqualTo(200);
            assertThat(r.body()).as(group).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void metricsAreNotServedOnTheApiPortEvenToAnOperator() {
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + System.nanoTime());
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/health", "/actuator"}) {
            TestHttp.Reply r = get(port, path, operator.apiKey());
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("http_server_requests").contains("\"error_code\"");
        }
    }

    @Test
    void prometheusShowsRequestLatencyByRouteOperationsByStateAndNodeReachability() {
        TestAccount account = new TestAccounts(jdbc).workspaceWithKey("ops-" + System.nanoTime());
        assertThat(get(port, "/api/v1/auth/me", account.apiKey()).status()).isEqualTo(200);

        TestHttp.Reply scrape = get(managementPort, "/actuator/prometheus", null);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/auth/me\"")
                .containsPattern("opencvm_operations\\{[^}]*state=\"pending\"")
                .containsPattern("opencvm_nodes\\{[^}]*status=\"online\"");
    }

    private static TestHttp.Reply get(int onPort, String path, String key) {
        return TestHttp.to(onPort).as(key).get(path);
    }
}
