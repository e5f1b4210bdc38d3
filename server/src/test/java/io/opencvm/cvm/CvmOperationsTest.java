package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A CVM's operations as users follow them: history, what is in progress, cancel; only for its own workspace. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class CvmOperationsTest extends CvmTestBase {

    @Test
    void theHistoryListsTheCreateInProgressAndTheStatusSaysSo() {
        TestAccount alice = account("ops");
        String vmUuid = commitNew(alice, node(8, 16384, 10), appId(), name("ops")).json().get("vm_uuid").asString();

        JsonNode history = http(alice).get("/cvms/" + vmUuid + "/operations").json();
        assertThat(history.get("total").asLong()).isEqualTo(1);
        assertThat(history.get("next_cursor").isNull()).isTrue();
        JsonNode create = history.get("items").get(0);
        assertThat(create.get("operation_type").asString()).isEqualTo("create");
        assertThat(create.get("target_state").asString()).isEqualTo("running");
        assertThat(create.get("status").asString()).isEqualTo("in_progress");
        assertThat(create.get("correlation_id").asString()).startsWith("op_");
        assertThat(create.get("events").get(0).get("event_type").asString()).isEqualTo("instance.create.start");

        JsonNode status = http(alice).get("/cvms/" + vmUuid + "/operation-status").json();
        assertThat(status.get("in_progress").asBoolean()).isTrue();
        assertThat(status.get("correlation_id").asString()).isEqualTo(create.get("correlation_id").asString());

        String before = snapshot();
        JsonNode cancel = http(alice).post("/cvms/" + vmUuid + "/operations/cancel", null).json();
        assertThat(cancel.get("cancelled").asBoolean()).isFalse();
        assertThat(cancel.get("correlation_id").asString()).isEqualTo(create.get("correlation_id").asString());
        assertThat(cancel.get("reason").asString()).isNotBlank();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void pagesFollowTheCursorAndBadLimitsAre422() {
        TestAccount alice = account("ops-page");
        String vmUuid = commitNew(alice, node(8, 16384, 10), appId(), name("ops")).json().get("vm_uuid").asString();
        jdbc.sql("UPDATE operations SET state = 'succeeded', finished_at = created_at WHERE cvm_id = "
                + "(SELECT id FROM cvms WHERE vm_uuid = ?)").param(vmUuid).update();
        jdbc.sql("UPDATE cvms SET status = 'running' WHERE vm_uuid = ?").param(vmUuid).update();
        assertThat(http(alice).post("/cvms/" + vmUuid + "/stop", null).status()).isEqualTo(200);

        JsonNode first = http(alice).get("/cvms/" + vmUuid + "/operations?limit=1").json();
        assertThat(first.get("items").get(0).get("operation_type").asString()).isEqualTo("power_off");
        JsonNode second = http(alice).get("/cvms/" + vmUuid + "/operations?limit=1&cursor="
                + first.get("next_cursor").asString()).json();
        assertThat(second.get("items").get(0).get("operation_type").asString()).isEqualTo("create");
        assertThat(second.get("items").get(0).get("status").asString()).isEqualTo("completed");
        assertThat(second.get("next_cursor").isNull()).isTrue();

        assertThat(http(alice).get("/cvms/" + vmUuid + "/operations?limit=0").status()).isEqualTo(422);
        assertThat(http(alice).get("/cvms/" + vmUuid + "/operations?limit=501").status()).isEqualTo(422);
        assertThat(http(alice).get("/cvms/" + vmUuid + "/operations?cursor=x").status()).isEqualTo(422);
    }

    @Test
    void anotherWorkspacesCvmOperationsAnswerLikeAMissingCvm() {
        TestAccount alice = account("ops-a");
        TestAccount mallory = account("ops-m");
        String vmUuid = commitNew(alice, node(8, 16384, 10), appId(), name("ops")).json().get("vm_uuid").asString();
        String missing = "00000000-0000-4000-8000-000000000000";

        for (String route : new String[] {"/operations", "/operation-status"}) {
            TestHttp.Reply theirs = http(mallory).get("/cvms/" + vmUuid + route);
            TestHttp.Reply none = http(mallory).get("/cvms/" + missing + route);
            assertThat(theirs.status()).isEqualTo(404);
            assertThat(theirs.body().replace(vmUuid, "X")).isEqualTo(none.body().replace(missing, "X"));
        }
        String before = snapshot();
        assertThat(http(mallory).post("/cvms/" + vmUuid + "/operations/cancel", null).status()).isEqualTo(404);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void theInstanceTypeCatalogueIsTheTableProvisioningUses() {
        TestHttp anyone = http(account("types"));
        JsonNode all = anyone.get("/instance-types").json();
        assertThat(TestHttp.keys(all)).containsExactly("result");
        JsonNode tdx = all.get("result").get(0);
        assertThat(TestHttp.keys(tdx)).containsExactly("items", "name", "total");
        assertThat(tdx.get("name").asString()).isEqualTo("tdx");
        assertThat(tdx.get("items").valueStream().map(i -> i.get("id").asString()))
                .containsExactly("tdx.small", "tdx.medium", "tdx.large");
        JsonNode small = tdx.get("items").get(0);
        assertThat(small.get("vcpu").asInt()).isEqualTo(1);
        assertThat(small.get("memory_mb").asInt()).isEqualTo(2048);

        JsonNode family = anyone.get("/instance-types/tdx").json();
        assertThat(TestHttp.keys(family)).containsExactly("family", "items", "total");
        assertThat(family.get("total").asInt()).isEqualTo(3);
        TestHttp.Reply none = anyone.get("/instance-types/gpu");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo("ERR-02-001");
    }
}
