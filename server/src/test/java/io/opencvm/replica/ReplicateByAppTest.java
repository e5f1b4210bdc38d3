package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.cvm.TestCvms;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app-scoped twin {@code POST /apps/{app_id}/cvms/{vm_uuid}/replicas}, and an app id naming several
 * live CVMs as {@code {cvm_id}}: the app when its revision is unambiguous, ERR-03-010 otherwise.
 */
class ReplicateByAppTest extends ReplicaTestBase {

    private TestAccount alice;
    private SimNode a;
    private SimNode b;
    private Source src;

    @BeforeEach
    void setUp() {
        alice = account("byapp");
        a = fleet.node("a", 16, 32768, 20);
        b = fleet.node("b", 16, 32768, 20);
        src = source(alice, a);
    }

    private String scoped(String appId, String vmUuid) {
        return "/apps/" + appId + "/cvms/" + vmUuid + "/replicas";
    }

    @Test
    void theAppScopedTwinReplicatesLikeTheCvmRouteForEveryAppIdForm() {
        TestHttp api = api(alice);
        for (String appId : new String[] {src.appId(), "app_" + src.appId(), "0x" + src.appId().toUpperCase()}) {
            TestHttp.Reply reply = api.post(scoped(appId, src.vmUuid()), Map.of("node_id", b.id()));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("app_id").asString()).isEqualTo(src.appId());
            assertThat(reply.json().get("teepod_id").asLong()).isEqualTo(b.id());
        }
        TestHttp.Reply noBody = api.post(scoped(src.appId(), src.vmUuid().replace("-", "")), TestHttp.NO_BODY);
        assertThat(noBody.status()).as(noBody.body()).isEqualTo(200);
        assertThat(noBody.json().get("teepod_id").asLong()).isEqualTo(a.id());
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(5);
    }

    @Test
    void theAppScopedTwinRefusesAnAppThatDoesNotOwnTheCvmWith400() {
        Source otherApp = source(alice, a);
        World before = world();

        assertRefusedAndNothingChanged(api(alice).post(scoped(otherApp.appId(), src.vmUuid()), Map.of()),
                400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(scoped("f".repeat(40), src.vmUuid()), Map.of()),
                400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(scoped("not-an-app", src.vmUuid()), Map.of()),
                400, "ERR-02-008", before);
    }

    @Test
    void theAppScopedTwinAnswersTheSameRefusalsAsTheCvmRoute() {
        TestAccount bob = account("bob");
        World before = world();

        assertRefusedAndNothingChanged(api(bob).post(scoped(src.appId(), src.vmUuid()), Map.of()), 404, "ERR-03-001",
                before);
        assertRefusedAndNothingChanged(api(alice).post(scoped(src.appId(), UUID.randomUUID().toString()),
                Map.of()), 404, "ERR-03-001", before);
        assertRefusedAndNothingChanged(api(alice).post(scoped(src.appId(), src.vmUuid()), Map.of("node_id", 987_654_321)),
                404, "ERR-01-001", before);
        assertRefusedAndNothingChanged(api(alice).post(scoped(src.appId(), src.vmUuid()), "{\"node_id\": \"x\"}"),
                422, null, before);
        assertRefusedAndNothingChanged(TestHttp.to(port).api().as(null).version("2026-01-21").post(scoped(src.appId(), src.vmUuid()), Map.of()),
                401, null, before);
    }

    @Test
    void anAppIdWithSeveralLiveCvmsOfOneRevisionResolvesToTheApp() {
        assertThat(replicate(api(alice), src.vmUuid(), Map.of()).status()).isEqualTo(200);
        assertThat(api(alice).get("/cvms/app_" + src.appId()).errorCode()).isEqualTo("ERR-03-010");

        TestHttp.Reply byApp = replicate(api(alice), "app_" + src.appId(), Map.of("node_id", b.id()));
        TestHttp.Reply bare = replicate(api(alice), src.appId(), Map.of());

        assertThat(byApp.status()).as(byApp.body()).isEqualTo(200);
        assertThat(byApp.json().get("app_id").asString()).isEqualTo(src.appId());
        assertThat(jdbc.sql("SELECT source_cvm_id FROM cvms WHERE vm_uuid = ?")
                .param(byApp.json().get("vm_uuid").asString()).query(Long.class).single())
                .as("the oldest live CVM of the revision is the source").isEqualTo(src.vm().get("id").asLong());
        assertThat(bare.status()).as(bare.body()).isEqualTo(200);
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(4);
    }

    @Test
    void anAppIdWithSeveralLiveRevisionsIsAmbiguousWithErr03010UnlessTheRequestNamesOne() {
        new TestCvms(jdbc).cvm(alice, src.appId(), name("rev2"), a.id(), "running");
        World before = world();

        assertRefusedAndNothingChanged(replicate(api(alice), "app_" + src.appId(), Map.of()), 400, "ERR-03-010", before);
        assertRefusedAndNothingChanged(replicate(api(alice), "0x" + src.appId(), null), 400, "ERR-03-010", before);

        TestHttp.Reply named = replicate(api(alice), "app_" + src.appId(), Map.of("compose_hash", src.composeHash()));
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        assertThat(named.json().get("name").asString()).isEqualTo(src.name() + "-replica-1");
    }
}
