package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code GET /apps/{app_id}/usage}: nothing is metered, the app and the query are checked. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class AppUsageTest extends CvmTestBase {

    @Test
    void anAppsUsageIsEmptyAndAnotherWorkspacesAppAndBadQueriesAreRefused() {
        TestAccount alice = account("usage-a");
        TestAccount mallory = account("usage-m");
        String appId = appId();
        new TestCvms(jdbc).cvm(alice, appId, name("app"), node(8, 16384, 10), "running");

        JsonNode usage = http(alice).get("/apps/" + appId + "/usage?start_date=2026-01-01T00:00:00Z&limit=10").json();
        TestHttp.Reply foreign = http(mallory).get("/apps/" + appId + "/usage");
        TestHttp.Reply badDate = http(alice).get("/apps/" + appId + "/usage?start_date=yesterday");
        TestHttp.Reply badLimit = http(alice).get("/apps/" + appId + "/usage?limit=0");
        TestHttp.Reply backwards = http(alice).get("/apps/" + appId
                + "/usage?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z");

        assertThat(usage.get("usage").size()).isZero();
        assertThat(usage.get("total").asInt()).isZero();
        assertThat(usage.get("total_cost").asDouble()).isZero();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("ERR-03-012");
        assertThat(badDate.status()).isEqualTo(422);
        assertThat(badLimit.status()).isEqualTo(422);
        assertThat(backwards.status()).isEqualTo(400);
    }
}
