package io.opencvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The instance-id routes compare the recorded id with the node's, write nothing, and survive a node that is gone. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H", "opencvm.vmm.timeout=PT2S"})
class InstanceIdChecksTest extends GuestNodeTestBase {

    private String cvmRows() {
        return jdbc.sql("SELECT id, instance_id, desired_state FROM cvms ORDER BY id").query().listOfRows().toString();
    }

    @Test
    void aCvmsRecordedInstanceIdMatchesWhatItsNodeReportsAndNothingIsWritten() {
        JsonNode cvm = runningCvm();
        String vmUuid = cvm.get("vm_uuid").asString();

        JsonNode one = api(alice).patch("/cvms/" + vmUuid + "/instance-id", Map.of("overwrite", true)).json();
        JsonNode many = api(alice).patch("/cvms/instance-ids", Map.of("missing_only", false)).json();

        assertThat(one.get("status").asString()).isEqualTo("unchanged");
        assertThat(one.get("identifier").asString()).isEqualTo(vmUuid);
        assertThat(one.get("new_instance_id").asString()).isEqualTo(cvm.get("instance_id").asString());
        assertThat(one.get("old_instance_id").asString()).isEqualTo(cvm.get("instance_id").asString());
        assertThat(one.get("source").asString()).isEqualTo("teepod_info");
        assertThat(many.get("scanned").asInt()).isEqualTo(1);
        assertThat(many.get("unchanged").asInt()).isEqualTo(1);
        assertThat(many.get("updated").asInt()).isZero();
        assertThat(many.get("items").get(0).get("identifier").asString()).isEqualTo(vmUuid);
        assertThat(api(alice).patch("/cvms/instance-ids", Map.of()).json().get("scanned").asInt())
                .as("missing_only is the default and this CVM has one").isZero();
    }

    @Test
    void aNodeThatIsGoneGivesAnErrorEntryNotA500() {
        String first = runningCvm().get("vm_uuid").asString();
        String second = runningCvm().get("vm_uuid").asString();
        node.close();

        TestHttp.Reply one = api(alice).patch("/cvms/" + first + "/instance-id", TestHttp.NO_BODY);
        JsonNode many = api(alice).patch("/cvms/instance-ids", Map.of("cvm_ids", List.of(first, second),
                "missing_only", false, "running_only", false)).json();

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("status").asString()).isEqualTo("error");
        assertThat(one.json().get("reason").asString()).contains("did not answer");
        assertThat(many.get("errors").asInt()).isEqualTo(2);
        assertThat(many.get("items").get(1).get("reason").asString()).isEqualTo(many.get("items").get(0).get("reason").asString());
    }

    @Test
    void anotherWorkspacesCvmIsNotFoundAndBadBodiesAreRefusedWithoutWriting() {
        String vmUuid = runningCvm().get("vm_uuid").asString();
        String before = cvmRows();

        TestHttp.Reply foreign = api(mallory).patch("/cvms/" + vmUuid + "/instance-id", TestHttp.NO_BODY);
        TestHttp.Reply missing = api(mallory).patch("/cvms/00000000-0000-0000-0000-000000000000/instance-id", TestHttp.NO_BODY);
        TestHttp.Reply foreignInBatch = api(mallory).patch("/cvms/instance-ids", Map.of("cvm_ids", List.of(vmUuid)));
        TestHttp.Reply badFlag = api(alice).patch("/cvms/" + vmUuid + "/instance-id", Map.of("dry_run", "maybe"));
        TestHttp.Reply badLimit = api(alice).patch("/cvms/instance-ids", Map.of("limit", 0));
        TestHttp.Reply noBody = api(alice).patch("/cvms/instance-ids", TestHttp.NO_BODY);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo(missing.errorCode());
        assertThat(foreignInBatch.status()).isEqualTo(404);
        assertThat(badFlag.status()).isEqualTo(422);
        assertThat(badLimit.status()).isEqualTo(422);
        assertThat(noBody.status()).isEqualTo(422);
        assertThat(cvmRows()).isEqualTo(before);
    }

    @Test
    void aDifferenceIsReportedAsAConflictOrSkippedNeverAsAnUpdate() {
        InstanceIdCheck differs = InstanceIdCheck.of(7, "x", "aaaa", GuestReading.of("bbbb"));
        InstanceIdCheck notYetRecorded = InstanceIdCheck.of(7, "x", null, GuestReading.of("bbbb"));
        InstanceIdCheck notYetReported = InstanceIdCheck.of(7, "x", null, GuestReading.of(null));

        assertThat(differs.status()).isEqualTo("conflict");
        assertThat(differs.reason()).contains("reconciler");
        assertThat(notYetRecorded.status()).isEqualTo("skipped");
        assertThat(notYetRecorded.new_instance_id()).isEqualTo("bbbb");
        assertThat(notYetReported.status()).isEqualTo("skipped");
    }
}
