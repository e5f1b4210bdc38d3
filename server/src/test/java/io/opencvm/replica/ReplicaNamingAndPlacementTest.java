package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Replica names, and where a replica goes when the request names no node — or names one. */
class ReplicaNamingAndPlacementTest extends ReplicaTestBase {

    private TestAccount alice;

    @BeforeEach
    void setUp() {
        alice = account("place");
    }

    @Test
    void replicaNamesTakeTheSmallestFreeNumberSoADeletedReplicasNumberComesBack() {
        SimNode a = fleet.node("a", 16, 32768, 20);
        Source src = source(alice, a);
        TestHttp api = api(alice);
        JsonNode one = replicate(api, src.vmUuid(), Map.of()).json();
        JsonNode two = replicate(api, src.vmUuid(), Map.of()).json();
        assertThat(one.get("name").asString()).isEqualTo(src.name() + "-replica-1");
        assertThat(two.get("name").asString()).isEqualTo(src.name() + "-replica-2");

        TestHttp.Reply delete = api.send("DELETE", "/cvms/" + one.get("vm_uuid").asString(), TestHttp.NO_BODY);
        assertThat(delete.status()).as(delete.body()).isEqualTo(204);

        JsonNode again = replicate(api, src.vmUuid(), Map.of()).json();
        JsonNode next = replicate(api, src.vmUuid(), Map.of()).json();
        assertThat(again.get("name").asString()).isEqualTo(src.name() + "-replica-1");
        assertThat(again.get("vm_uuid").asString()).isNotEqualTo(one.get("vm_uuid").asString());
        assertThat(next.get("name").asString()).isEqualTo(src.name() + "-replica-3");
    }

    @Test
    void theSourceKeepsItsSmallestFreeNumberExactThroughCreatesAndDeletesInAnyOrder() {
        SimNode a = fleet.node("a", 16, 32768, 20);
        Source src = source(alice, a);
        TestHttp api = api(alice);
        List<String> uuids = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            uuids.add(replicaNumbered(api, src, n));
        }
        delete(api, uuids.get(3));
        delete(api, uuids.get(1));
        assertThat(recordedFloor(src)).isEqualTo(searchedFloor(src)).isEqualTo(2);
        replicaNumbered(api, src, 2);
        assertThat(recordedFloor(src)).isEqualTo(searchedFloor(src)).isEqualTo(4);
        delete(api, uuids.get(0));
        assertThat(recordedFloor(src)).isEqualTo(searchedFloor(src)).isEqualTo(1);
        replicaNumbered(api, src, 1);
        replicaNumbered(api, src, 4);
        replicaNumbered(api, src, 6);
        assertThat(recordedFloor(src)).isEqualTo(searchedFloor(src)).isEqualTo(7);
    }

    /** Replicates {@code src} and checks the replica took number {@code n}; its vm_uuid. */
    private String replicaNumbered(TestHttp api, Source src, int n) {
        TestHttp.Reply reply = replicate(api, src.vmUuid(), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("name").asString()).isEqualTo(src.name() + "-replica-" + n);
        return reply.json().get("vm_uuid").asString();
    }

    private static void delete(TestHttp api, String vmUuid) {
        TestHttp.Reply delete = api.send("DELETE", "/cvms/" + vmUuid, TestHttp.NO_BODY);
        assertThat(delete.status()).as(delete.body()).isEqualTo(204);
    }

    private int recordedFloor(Source src) {
        return jdbc.sql("SELECT replica_floor FROM cvms WHERE vm_uuid = ?").param(src.vmUuid()).query(Integer.class).single();
    }

    /** The smallest number no live replica of {@code src} records, searched the long way. */
    private int searchedFloor(Source src) {
        List<Integer> taken = jdbc.sql("""
                        SELECT r.replica_number FROM cvms r JOIN cvms s ON s.id = r.source_cvm_id
                        WHERE s.vm_uuid = ? AND r.active_name IS NOT NULL AND r.replica_number IS NOT NULL""")
                .param(src.vmUuid()).query(Integer.class).list();
        int n = 1;
        while (taken.contains(n)) {
            n++;
        }
        return n;
    }

    @Test
    void aNameHeldByACvmWithoutARecordedReplicaNumberIsSkippedNotRefused() {
        SimNode a = fleet.node("a", 16, 32768, 20);
        Source src = source(alice, a);
        TestHttp api = api(alice);
        JsonNode one = replicate(api, src.vmUuid(), Map.of()).json();
        JsonNode two = replicate(api, src.vmUuid(), Map.of()).json();
        // As replicas made before numbers were recorded are: their names hold, their numbers are unknown.
        jdbc.sql("UPDATE cvms SET replica_number = NULL WHERE vm_uuid IN (?, ?)")
                .params(one.get("vm_uuid").asString(), two.get("vm_uuid").asString()).update();

        TestHttp.Reply three = replicate(api, src.vmUuid(), Map.of());
        TestHttp.Reply four = replicate(api, src.vmUuid(), Map.of());

        assertThat(three.status()).as(three.body()).isEqualTo(200);
        assertThat(three.json().get("name").asString()).isEqualTo(src.name() + "-replica-3");
        assertThat(four.json().get("name").asString()).isEqualTo(src.name() + "-replica-4");
        assertThat(jdbc.sql("SELECT replica_number FROM cvms WHERE vm_uuid = ?").param(four.json().get("vm_uuid").asString())
                .query(Integer.class).single()).isEqualTo(4);
    }

    @Test
    void aLongSourceNameIsCutSoThatEveryReplicaNameFitsAndNamesStillTakeTheSmallestFreeNumber() {
        SimNode a = fleet.node("a", 16, 32768, 20);
        String longName = ("l" + SEQ.incrementAndGet() + "-" + "x".repeat(63)).substring(0, 63);
        Source src = source(alice, a, longName, 1, 2048);
        TestHttp api = api(alice);

        JsonNode one = replicate(api, src.vmUuid(), Map.of()).json();
        JsonNode two = replicate(api, src.vmUuid(), Map.of()).json();

        assertThat(one.get("name").asString()).isEqualTo(longName.substring(0, 53) + "-replica-1").hasSize(63);
        assertThat(two.get("name").asString()).isEqualTo(longName.substring(0, 53) + "-replica-2");
    }

    @Test
    void aFullSourceNodeSendsTheReplicaToTheRoomiestNodeWithTheImageTheKmsAndAccessAndSaysSo() {
        TestAccount other = account("other");
        SimNode a = fleet.node("a", 1, 32768, 20);
        Source src = source(alice, a);
        SimNode small = fleet.node("small", 2, 32768, 20);
        SimNode roomy = fleet.node("roomy", 6, 32768, 20);
        SimNode noImage = fleet.deadNode("no-image");
        jdbc.sql("UPDATE node_images SET name = 'dstack-0.3.6' WHERE node_id = ?").param(noImage.id()).update();
        SimNode otherKms = fleet.deadNode("other-kms");
        long kms2 = new TestNodes(jdbc).devKms("kms-x" + SEQ.incrementAndGet(), "http://127.0.0.1:9");
        jdbc.sql("UPDATE nodes SET kms_id = ? WHERE id = ?").params(kms2, otherKms.id()).update();
        SimNode closed = fleet.deadNode("closed");
        closeTo(closed, other);
        SimNode offline = fleet.deadNode("offline");
        jdbc.sql("UPDATE nodes SET status = 'offline' WHERE id = ?").param(offline.id()).update();

        TestHttp.Reply reply = replicate(api(alice), src.vmUuid(), Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("teepod_id").asLong()).isEqualTo(roomy.id());
        assertThat(reply.json().at("/teepod/name").asString()).isEqualTo(roomy.name());
        assertThat(reply.json().at("/placement/node_id").asLong()).isEqualTo(roomy.id());
        assertThat(reply.json().at("/placement/moved_from_source_node").asBoolean()).isTrue();
        assertThat(reply.json().at("/placement/reason").asString()).isNotBlank();
        awaitRunning(alice, reply.json().get("vm_uuid").asString());
        assertThat(roomy.vms()).hasSize(1);
        assertThat(small.vms()).isEmpty();
        assertThat(fleet.reserved(a)).isEqualTo("1/2048/20/1");
    }

    @Test
    void anExplicitNodeIsNeverSecondGuessedEvenWhenAnotherNodeHasRoom() {
        SimNode a = fleet.node("a", 1, 32768, 20);
        Source src = source(alice, a);
        SimNode roomy = fleet.node("roomy", 16, 32768, 20);
        World before = world();

        TestHttp.Reply reply = replicate(api(alice), src.vmUuid(), Map.of("node_id", a.id()));

        assertRefusedAndNothingChanged(reply, 400, "ERR-02-003", before);
        assertThat(roomy.vms()).isEmpty();
    }

    @Test
    void withNoOtherNodeThatFitsAFullSourceNodeRefusesWithItsOwnReason() {
        SimNode a = fleet.node("a", 4, 2048, 20);
        Source src = source(alice, a);
        SimNode tiny = fleet.node("tiny", 16, 1024, 20);
        World before = world();

        TestHttp.Reply reply = replicate(api(alice), src.vmUuid(), null);

        assertRefusedAndNothingChanged(reply, 400, "ERR-02-004", before);
        assertThat(tiny.vms()).isEmpty();
    }

    private void closeTo(SimNode node, TestAccount onlyWorkspace) {
        jdbc.sql("UPDATE nodes SET open_to_all = FALSE WHERE id = ?").param(node.id()).update();
        jdbc.sql("INSERT INTO node_workspaces (node_id, workspace_id) VALUES (?, ?)")
                .params(node.id(), onlyWorkspace.workspaceId()).update();
    }
}
