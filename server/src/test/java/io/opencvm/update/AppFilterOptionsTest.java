package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /apps/filter-options} next to {@code GET /apps/{app_id}}: both routes answer, each workspace its own. */
class AppFilterOptionsTest extends UpdateTestBase {

    @Test
    void theOptionsAreWhatTheWorkspacesLiveCvmsHaveAndAnAppIdStillFindsItsApp() {
        TestAccount alice = account("flt");
        SimNode a = fleet.node("a", 16, 32768, 20);
        Source src = source(alice, a);

        TestHttp.Reply reply = api(alice).get("/apps/filter-options");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode options = reply.json();
        assertThat(TestHttp.keys(options)).containsExactlyInAnyOrder("statuses", "image_versions", "instance_types",
                "kms_slugs", "kms_types", "regions", "nodes");
        assertThat(strings(options.get("statuses"))).containsExactly("running");
        assertThat(strings(options.get("nodes"))).containsExactly(a.name());
        assertThat(strings(options.get("image_versions"))).containsExactly(jdbc.sql("SELECT image FROM cvms WHERE vm_uuid = ?")
                .param(src.vmUuid()).query(String.class).single());
        assertThat(strings(options.get("kms_types"))).isNotEmpty();
        TestHttp.Reply app = api(alice).get("/apps/" + src.appId());
        assertThat(app.status()).as(app.body()).isEqualTo(200);
        assertThat(api(alice).get("/apps/filter-options-not-an-app").status()).isEqualTo(404);
    }

    @Test
    void anotherWorkspaceSeesNoneOfThem() {
        TestAccount alice = account("flt");
        source(alice, fleet.node("a", 16, 32768, 20));
        TestAccount mallory = account("mal");

        JsonNode options = api(mallory).get("/apps/filter-options").json();

        options.properties().forEach(e -> assertThat(e.getValue().isEmpty()).as(e.getKey()).isTrue());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
