package io.opencvm.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Each API key has its own request rate: past it, 429 ERR-00-009 in the JSON envelope with {@code Retry-After}. */
@ServerTest
@TestPropertySource(properties = {"opencvm.limits.rate.requests-per-period=5", "opencvm.limits.rate.period=PT1H"})
class ApiKeyRateLimitTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private TestAccount account() {
        return new TestAccounts(jdbc).workspaceWithKey("rate-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void aKeyPastItsRateIs429WithRetryAfterAndOtherKeysAreUntouched() {
        TestAccount busy = account();
        TestAccount quiet = account();
        TestHttp http = TestHttp.to(port).api().as(busy.apiKey());
        for (int i = 0; i < 5; i++) {
            assertThat(http.get("/auth/me").status()).isEqualTo(200);
        }
        TestHttp.Reply refused = http.get("/auth/me");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("ERR-00-009");
        assertThat(refused.header("Content-Type")).startsWith("application/json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(http.get("/cvms/paginated").status()).isEqualTo(429);

        assertThat(TestHttp.to(port).api().as(quiet.apiKey()).get("/auth/me").status()).isEqualTo(200);
        // a wrong key is refused as unauthenticated, not counted against anyone
        assertThat(TestHttp.to(port).api().as("phak_wrong").get("/auth/me").status()).isEqualTo(401);
        // the public document needs no key and is not limited by one
        assertThat(TestHttp.to(port).get("/api/v1/openapi.json").status()).isEqualTo(200);
    }
}
