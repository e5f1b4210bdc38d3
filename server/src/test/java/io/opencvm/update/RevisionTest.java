package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An app's revisions: the create and every applied update listed, read, and redeployed app- and CVM-scoped. */
class RevisionTest extends UpdateTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

    private TestAccount alice;
    private SimNode a;

    @BeforeEach
    void setUp() {
        alice = account("rev");
        a = fleet.node("a", 16, 32768, 20);
    }

    @Test
    void theCreateAndEachUpdateAreRevisionsNewestFirstWithTheirComposeAndEnv() {
        Source src = source(alice, a);
        String env = sealed(src.envPubkey(), Map.of("GREETING", "v2"));
        TestHttp.Reply update = api(alice).patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE,
                "encrypted_env", env));
        awaitUpdated(alice, src.vmUuid());

        JsonNode page = api(alice).get("/apps/" + src.appId() + "/revisions").json();

        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        JsonNode newest = page.get("revisions").get(0);
        JsonNode first = page.get("revisions").get(1);
        assertThat(newest.get("operation_type").asString()).isEqualTo("update");
        assertThat(newest.get("compose_hash").asString()).isEqualTo(update.json().get("compose_hash").asString());
        assertThat(newest.get("trace_id").asString()).isEqualTo(update.json().get("correlation_id").asString());
        assertThat(newest.get("vm_uuid").asString()).isEqualTo(src.vmUuid());
        assertThat(newest.get("triggered_by").get("username").asString()).isNotBlank();
        assertThat(first.get("operation_type").asString()).isEqualTo("deploy");
        assertThat(first.get("compose_hash").asString()).isEqualTo(src.composeHash().replace("0x", ""));

        String path = "/apps/" + src.appId() + "/revisions/" + newest.get("revision_id").asString();
        JsonNode detail = api(alice).get(path).json();
        assertThat(detail.get("compose_file").get("docker_compose_file").asString()).isEqualTo(NEW_COMPOSE);
        assertThat(detail.get("encrypted_env").asString()).isEqualToIgnoringCase(env);
        String raw = api(alice).get(path + "?raw_compose_file=true").json().get("compose_file").asString();
        assertThat(AppCompose.sha256Hex(raw)).isEqualTo(newest.get("compose_hash").asString());
    }

    @Test
    void aCvmRedeployedFromItsFirstRevisionBootsItsComposeAndEnvAgain() {
        Source src = source(alice, a);
        api(alice).patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE,
                "encrypted_env", sealed(src.envPubkey(), Map.of("GREETING", "v2"))));
        awaitUpdated(alice, src.vmUuid());
        String firstId = api(alice).get("/apps/" + src.appId() + "/revisions").json().get("revisions").get(1)
                .get("revision_id").asString();

        TestHttp.Reply reply = api(alice).post("/cvms/" + src.vmUuid() + "/revisions/" + firstId + "/redeploy", null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("correlation_id").asString()).startsWith("op_");
        awaitUpdated(alice, src.vmUuid());
        String booted = vmOf(a, src.vmUuid()).configuration().composeFile();
        assertThat(AppCompose.sha256Hex(booted)).isEqualTo(src.composeHash().replace("0x", ""));
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsEntry("GREETING", "hi from " + src.name());
        JsonNode newest = api(alice).get("/apps/" + src.appId() + "/revisions").json().get("revisions").get(0);
        assertThat(newest.get("operation_type").asString()).isEqualTo("redeploy");
    }

    @Test
    void anAppWithOneCvmIsRedeployedByAComposeHashAndKeepsItsEnv() {
        Source src = source(alice, a);
        TestHttp.Reply update = api(alice).patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE));
        awaitUpdated(alice, src.vmUuid());

        TestHttp.Reply reply = api(alice).post("/apps/" + src.appId() + "/revisions/" + src.composeHash()
                + "/redeploy", Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("correlation_ids").has(src.vmUuid())).isTrue();
        awaitUpdated(alice, src.vmUuid());
        assertThat(row(src.vmUuid()).composeHash()).isEqualTo(src.composeHash().replace("0x", ""))
                .isNotEqualTo(update.json().get("compose_hash").asString());
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsEntry("GREETING", "hi from " + src.name());
    }

    @Test
    void unknownRevisionsOtherAppsAndBadInputAreRefusedAndNothingChanges() {
        Source src = source(alice, a);
        Source other = source(alice, a);
        String otherRevision = api(alice).get("/apps/" + other.appId() + "/revisions").json().get("revisions").get(0)
                .get("revision_id").asString();
        Row before = row(src.vmUuid());
        String cvm = "/cvms/" + src.vmUuid() + "/revisions/";
        String app = "/apps/" + src.appId() + "/revisions";

        assertRefused(api(alice).post(cvm + "rev_0000000000/redeploy", null), 404, "ERR-03-013", src, before);
        assertRefused(api(alice).post(cvm + otherRevision + "/redeploy", null), 404, "ERR-03-013", src, before);
        assertRefused(api(alice).post(cvm + other.composeHash() + "/redeploy", null), 404, "ERR-03-013", src, before);
        assertRefused(api(alice).get(app + "/" + otherRevision), 404, "ERR-03-013", src, before);
        assertRefused(api(alice).get(app + "?page_size=1001"), 422, null, src, before);
        assertRefused(api(alice).get(app + "?page=0"), 422, null, src, before);
        assertRefused(api(alice).post(app + "/" + src.composeHash() + "/redeploy", Map.of("vm_uuids",
                List.of(other.vmUuid()))), 404, "ERR-03-001", src, before);
        assertRefused(api(alice).post(app + "/" + src.composeHash() + "/redeploy", Map.of("vm_uuids", "x")), 422,
                null, src, before);
        assertThat(api(alice).get(app).json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void anotherWorkspacesAppAndCvmAreNotFoundAndNothingChanges() {
        Source src = source(alice, a);
        TestAccount mallory = account("mal");
        Row before = row(src.vmUuid());
        String revision = api(alice).get("/apps/" + src.appId() + "/revisions").json().get("revisions").get(0)
                .get("revision_id").asString();

        assertRefused(api(mallory).get("/apps/" + src.appId() + "/revisions"), 404, "ERR-03-012", src, before);
        assertRefused(api(mallory).get("/apps/" + src.appId() + "/revisions/" + revision), 404, "ERR-03-012", src,
                before);
        assertRefused(api(mallory).post("/apps/" + src.appId() + "/revisions/" + revision + "/redeploy", null), 404,
                "ERR-03-012", src, before);
        assertRefused(api(mallory).post("/cvms/" + src.vmUuid() + "/revisions/" + revision + "/redeploy", null), 404,
                "ERR-03-001", src, before);
    }
}
