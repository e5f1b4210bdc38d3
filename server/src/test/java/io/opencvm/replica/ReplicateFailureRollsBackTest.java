package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The 500 row: a collaborator fails inside the replica's transaction after the row, the reservation and
 * the create operation were written; all of it rolls back, no VM is ever made, and the key is free again.
 */
class ReplicateFailureRollsBackTest extends ReplicaTestBase {

    @Test
    void anUnexpectedFailureInsideTheTransactionIs500AndLeavesNoRowNoReservationNoVm() {
        TestAccount alice = account("boom");
        SimNode a = fleet.node("a", 16, 32768, 20);
        SimNode b = fleet.node("b", 16, 32768, 20);
        Source src = source(alice, a);
        TestHttp api = api(alice).with("Idempotency-Key", "boom-" + SEQ.incrementAndGet());
        World before = world();
        String reservedOnB = fleet.reserved(b);
        idempotencyKeys.beforeRecord(() -> {
            throw new IllegalStateException("injected failure after the replica was written");
        });

        TestHttp.Reply failed = replicate(api, src.vmUuid(), Map.of("node_id", b.id()));

        assertRefusedAndNothingChanged(failed, 500, "ERR-00-500", before);
        assertThat(failed.body()).doesNotContain("injected");
        assertThat(fleet.reserved(b)).isEqualTo(reservedOnB);
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(1);
        assertThat(b.vms()).isEmpty();

        idempotencyKeys.reset();
        TestHttp.Reply retried = replicate(api, src.vmUuid(), Map.of("node_id", b.id()));
        assertThat(retried.status()).as("the key was released: " + retried.body()).isEqualTo(200);
        awaitRunning(alice, retried.json().get("vm_uuid").asString());
        assertThat(b.vms()).hasSize(1);
        assertThat(retried.json().get("name").asString()).isEqualTo(src.name() + "-replica-1");
    }
}
