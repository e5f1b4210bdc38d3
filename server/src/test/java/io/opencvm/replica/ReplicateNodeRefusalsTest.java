package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.node.NodeProber;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The target-node rows of the table: 400 ERR-02-012 (offline), 404 for a node closed to the workspace, ERR-03-006, ERR-02-003/-004/-005 and 404 ERR-01-001. */
class ReplicateNodeRefusalsTest extends ReplicaTestBase {

    @Autowired
    NodeProber prober;

    private TestAccount alice;
    private Source src;
    private World before;

    @BeforeEach
    void setUp() {
        alice = account("refuse");
        SimNode a = fleet.node("a", 16, 32768, 20);
        src = source(alice, a, name("src"), 2, 4096);
    }

    private TestHttp.Reply replicateTo(SimNode node) {
        before = world();
        return replicate(api(alice), src.vmUuid(), Map.of("node_id", node.id()));
    }

    @Test
    void aNodeTheProberFoundOfflineIsRefusedWithErr02012() {
        SimNode dead = fleet.deadNode("dead");
        prober.probeAll();
        assertThat(jdbc.sql("SELECT status FROM nodes WHERE id = ?").param(dead.id()).query(String.class).single())
                .isEqualTo("offline");

        assertRefusedAndNothingChanged(replicateTo(dead), 400, "ERR-02-012", before);
    }

    @Test
    void aNodeClosedToTheWorkspaceIsNotFoundLikeAMissingOne() {
        TestAccount bob = account("bob");
        SimNode closed = fleet.node("closed", 16, 32768, 20);
        jdbc.sql("UPDATE nodes SET open_to_all = FALSE WHERE id = ?").param(closed.id()).update();
        jdbc.sql("INSERT INTO node_workspaces (node_id, workspace_id) VALUES (?, ?)")
                .params(closed.id(), bob.workspaceId()).update();

        assertRefusedAndNothingChanged(replicateTo(closed), 404, "ERR-01-001", before);
        assertThat(closed.vms()).isEmpty();
    }

    @Test
    void aNodeWithoutTheSourcesImageIsRefusedWithErr03006() {
        SimNode old = fleet.node("old", 16, 32768, 20);
        jdbc.sql("UPDATE node_images SET name = 'dstack-0.3.6' WHERE node_id = ?").param(old.id()).update();

        TestHttp.Reply reply = replicateTo(old);

        assertRefusedAndNothingChanged(reply, 400, "ERR-03-006", before);
        assertThat(reply.body()).contains("dstack-0.5.4");
        assertThat(old.vms()).isEmpty();
    }

    @Test
    void aNodeWithTooFewFreeVcpusIsRefusedWithErr02003() {
        SimNode node = fleet.node("cpu", 1, 32768, 20);

        assertRefusedAndNothingChanged(replicateTo(node), 400, "ERR-02-003", before);
        assertThat(node.vms()).isEmpty();
    }

    @Test
    void aNodeWithTooLittleFreeMemoryIsRefusedWithErr02004() {
        SimNode node = fleet.node("mem", 16, 4000, 20);

        assertRefusedAndNothingChanged(replicateTo(node), 400, "ERR-02-004", before);
        assertThat(node.vms()).isEmpty();
    }

    @Test
    void aNodeWithoutAFreeSlotIsRefusedWithErr02005() {
        SimNode node = fleet.node("slots", 16, 32768, 1);
        jdbc.sql("UPDATE nodes SET slots_reserved = 1 WHERE id = ?").param(node.id()).update();

        assertRefusedAndNothingChanged(replicateTo(node), 400, "ERR-02-005", before);
        assertThat(node.vms()).isEmpty();
    }

    @Test
    void anUnknownNodeIsNotFoundWithErr01001() {
        before = world();
        TestHttp.Reply byNodeId = replicate(api(alice), src.vmUuid(), Map.of("node_id", 987_654_321));
        TestHttp.Reply byTeepodId = replicate(api(alice), src.vmUuid(), Map.of("teepod_id", 987_654_321));

        assertRefusedAndNothingChanged(byNodeId, 404, "ERR-01-001", before);
        assertRefusedAndNothingChanged(byTeepodId, 404, "ERR-01-001", before);
    }

    @Test
    void aRemovedNodeIsNotFoundWithErr01001() {
        SimNode gone = fleet.node("gone", 16, 32768, 20);
        jdbc.sql("UPDATE nodes SET deleted_at = updated_at WHERE id = ?").param(gone.id()).update();

        assertRefusedAndNothingChanged(replicateTo(gone), 404, "ERR-01-001", before);
    }
}
