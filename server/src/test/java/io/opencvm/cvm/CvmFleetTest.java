package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code GET /cvms} and {@code POST /cvms/batch-stop}: the caller's workspace only, each CVM on its own. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class CvmFleetTest extends CvmTestBase {

    private String vmUuid(long cvmId) {
        return jdbc.sql("SELECT vm_uuid FROM cvms WHERE id = ?").param(cvmId).query(String.class).single();
    }

    private String desired(long cvmId) {
        return jdbc.sql("SELECT desired_state FROM cvms WHERE id = ?").param(cvmId).query(String.class).single();
    }

    @Test
    void thePlainListHoldsTheWorkspacesLiveCvmsNewestFirstInTheVersionsShape() {
        TestAccount alice = account("fleet-a");
        TestAccount mallory = account("fleet-m");
        long node = node(8, 16384, 10);
        TestCvms fixtures = new TestCvms(jdbc);
        fixtures.cvm(alice, appId(), name("old"), node, "running");
        fixtures.cvm(alice, appId(), name("gone"), node, "deleted");
        long newest = fixtures.cvm(alice, appId(), name("new"), node, "stopped");
        fixtures.cvm(mallory, appId(), name("other"), node, "running");

        JsonNode v2026 = http(alice).get("/cvms").json();
        JsonNode v2025 = TestHttp.to(port).api().as(alice.apiKey()).version("2025-10-28").get("/cvms").json();
        JsonNode onOtherNode = http(alice).get("/cvms?teepod_id=" + node(8, 16384, 10)).json();

        assertThat(v2026.valueStream().map(c -> c.get("name").asString().replaceAll("-\\d+$", "")))
                .containsExactly("new", "old");
        assertThat(v2026.get(0).get("vm_uuid").asString()).isEqualTo(vmUuid(newest));
        assertThat(v2025.size()).isEqualTo(2);
        assertThat(v2025.get(0).get("hosted").get("id").asString()).isEqualTo(vmUuid(newest));
        assertThat(onOtherNode.size()).isZero();
        assertThat(http(alice).get("/cvms?teepod_id=x").status()).isEqualTo(422);
    }

    @Test
    void batchStopStopsRunningCvmsSkipsStoppedOnesAndReportsMissingAndForeignOnesAlike() {
        TestAccount alice = account("stop-a");
        TestAccount mallory = account("stop-m");
        long node = node(8, 16384, 10);
        TestCvms fixtures = new TestCvms(jdbc);
        long running = fixtures.cvm(alice, appId(), name("run"), node, "running");
        long stopped = fixtures.cvm(alice, appId(), name("stopped"), node, "stopped");
        long foreign = fixtures.cvm(mallory, appId(), name("theirs"), node, "running");
        String foreignId = vmUuid(foreign);
        String missingId = "00000000-0000-0000-0000-000000000000";

        JsonNode summary = http(alice).post("/cvms/batch-stop", Map.of("cvm_ids",
                List.of(vmUuid(running), vmUuid(stopped), foreignId, missingId))).json();

        assertThat(summary.get("total").asInt()).isEqualTo(4);
        assertThat(summary.get("stopped").asInt()).isEqualTo(1);
        assertThat(summary.get("skipped").asInt()).isEqualTo(1);
        assertThat(summary.get("errors").valueStream().map(e -> e.get("cvm_id").asString()))
                .containsExactly(foreignId, missingId);
        assertThat(summary.get("errors").get(0).get("error").asString().replace(foreignId, "ID"))
                .isEqualTo(summary.get("errors").get(1).get("error").asString().replace(missingId, "ID"));
        assertThat(desired(running)).isEqualTo("stopped");
        assertThat(desired(foreign)).as("another workspace's CVM is untouched").isEqualTo("running");
        assertThat(http(alice).get("/cvms/" + vmUuid(running)).json().get("status").asString()).isEqualTo("stopping");
    }

    @Test
    void batchStopRefusesABadBodyWholeAndChangesNothing() {
        TestAccount alice = account("stop-bad");
        long running = new TestCvms(jdbc).cvm(alice, appId(), name("run"), node(8, 16384, 10), "running");
        String before = snapshot();

        TestHttp.Reply noIds = http(alice).post("/cvms/batch-stop", Map.of());
        TestHttp.Reply notAList = http(alice).post("/cvms/batch-stop", Map.of("cvm_ids", vmUuid(running)));
        TestHttp.Reply tooMany = http(alice).post("/cvms/batch-stop",
                Map.of("cvm_ids", Collections.nCopies(51, vmUuid(running))));

        assertThat(noIds.status()).isEqualTo(422);
        assertThat(notAList.status()).isEqualTo(422);
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(desired(running)).isEqualTo("running");
    }
}
