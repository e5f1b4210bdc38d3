package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An update of a CVM while it is being replicated: both succeed, neither is lost. The replicate copies the revision
 * (compose and env) the source ran when it was planned; the source then runs the update. The two take the source's
 * row in turn, so whichever order they meet in, the replica runs exactly one revision of the app, with its env.
 */
class UpdateDuringReplicateTest extends UpdateTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

    @Test
    void anUpdateAndAReplicateOfOneSourceAtOnceBothSucceedAndTheReplicaRunsOneRevision() throws Exception {
        TestAccount alice = account("race");
        SimNode a = fleet.node("a", 16, 32768, 20);
        Source src = source(alice, a);
        TestHttp api = api(alice);
        List<TestHttp.Reply> replies = atOnce(
                () -> api.patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE)),
                () -> api.post("/cvms/" + src.vmUuid() + "/replicas", Map.of()));
        TestHttp.Reply update = replies.get(0);
        TestHttp.Reply replica = replies.get(1);

        assertThat(update.status()).as(update.body()).isEqualTo(202);
        assertThat(replica.status()).as(replica.body()).isEqualTo(200);
        String newHash = update.json().get("compose_hash").asString();
        String oldHash = src.composeHash().replace("0x", "");
        awaitUpdated(alice, src.vmUuid());
        assertThat(row(src.vmUuid()).composeHash()).as("the update is not lost").isEqualTo(newHash);
        String replicaUuid = replica.json().get("vm_uuid").asString();
        awaitRunning(alice, replicaUuid);
        String replicaHash = row(replicaUuid).composeHash();
        assertThat(replicaHash).isIn(oldHash, newHash);
        assertThat(a.sim().decryptedEnv(vmOf(a, replicaUuid).id())).containsEntry("GREETING", "hi from " + src.name());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operations o JOIN cvms c ON c.id = o.cvm_id WHERE c.vm_uuid = ?"
                + " AND o.kind = 'update'").param(src.vmUuid()).query(Long.class).single()).isEqualTo(1);
        List<String> types = new ArrayList<>();
        api.get("/apps/" + src.appId() + "/revisions").json().get("revisions")
                .forEach(r -> types.add(r.get("operation_type").asString()));
        assertThat(types).containsExactlyInAnyOrder("deploy", "update", "replicate");
    }
}
