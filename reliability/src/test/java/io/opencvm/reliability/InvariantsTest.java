package io.opencvm.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.reliability.FleetSnapshot.CvmRow;
import io.opencvm.reliability.FleetSnapshot.KeyRow;
import io.opencvm.reliability.FleetSnapshot.NodeRow;
import io.opencvm.vmmsim.prpc.Json;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The checker itself: a clean fleet passes, and each kind of damage a crash could do is reported. */
class InvariantsTest {

    private static final String SOURCE = "00000000-0000-0000-0000-000000000001";
    private static final String REPLICA = "00000000-0000-0000-0000-000000000002";

    /** A source and one replica on node 1 (id 1), each with its VM; the replica answered 200 to a keyed request. */
    private static final class Fleet {
        List<CvmRow> cvms = new ArrayList<>(List.of(
                cvm(1, SOURCE, "src", null, "running", "running", true, 10, null, null),
                cvm(2, REPLICA, "src-replica-1", 1L, "running", "running", true, 20, null, null)));
        List<NodeRow> nodes = new ArrayList<>(List.of(new NodeRow(1, "node-1", 2, 4096, 40, 2)));
        String admin = "[{\"name\": \"node-1\", \"reserved\": {\"vcpu\": 2, \"memory_mb\": 4096, \"disk_gb\": 40, \"slots\": 2}}]";
        List<NodeFleet.NodeVm> vms = new ArrayList<>(List.of(vm("a", "src@" + SOURCE), vm("b", "src-replica-1@" + REPLICA)));
        List<KeyRow> keys = new ArrayList<>(List.of(new KeyRow("k1", "completed", 200, reply(REPLICA))));
        Map<String, Long> operations = Map.of("succeeded", 2L);
        Ledger ledger = new Ledger();

        Fleet() {
            ledger.record(new Ledger.Entry(Ledger.Kind.REPLICATE, SOURCE, null, "k1", false, new Answer.Reply(200, reply(REPLICA))));
        }

        List<String> check() {
            return Invariants.check(new FleetSnapshot(cvms, nodes, Json.MAPPER.readTree(admin), vms, keys, operations,
                    List.of()), ledger);
        }

        Fleet with(UnaryOperator<Fleet> change) {
            return change.apply(this);
        }
    }

    @Test
    void aWholeFleetHasNoViolation() {
        assertThat(new Fleet().check()).isEmpty();
    }

    @Test
    void aSecondVmOfOneCvmIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.vms.add(vm("c", "src-replica-1@" + REPLICA));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("has 2 VM(s)"));
    }

    @Test
    void aVmOfNoCvmIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.vms.add(vm("x", "stray@00000000-0000-0000-0000-0000000000ff"));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("belongs to no CVM"));
    }

    @Test
    void countersThatDifferFromWhatCvmsHoldAreReportedInTheTableAndInTheAdminApi() {
        List<String> violations = new Fleet().with(f -> {
            f.nodes.set(0, new NodeRow(1, "node-1", 3, 4096, 40, 2));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("but its live CVMs hold"))
                .anyMatch(v -> v.contains("/admin/nodes shows reserved"));
    }

    @Test
    void aDeletedCvmWhoseVmRemainsAndWhoseCapacityIsHeldIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.cvms.set(1, cvm(2, REPLICA, "src-replica-1", 1L, "deleted", "deleted", true, 20, 30L, 25L));
            f.ledger.record(new Ledger.Entry(Ledger.Kind.DELETE, REPLICA, null, null, false, new Answer.Reply(204, "")));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("is deleted but its VM is still on the nodes"))
                .anyMatch(v -> v.contains("still holds node capacity"));
    }

    @Test
    void aLiveCvmThatIsNotRunningIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.cvms.set(1, cvm(2, REPLICA, "src-replica-1", 1L, "failed", "running", true, 20, null, null));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("is wanted running but is failed"));
    }

    @Test
    void oneNameHeldByTwoCvmsAtOnceIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.cvms.add(cvm(3, "00000000-0000-0000-0000-000000000003", "src-replica-1", 1L, "running", "running", false,
                    25, null, null));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("name src-replica-1 was held by"));
    }

    @Test
    void anAnsweredReplicaThatIsInNoRowIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.ledger.record(new Ledger.Entry(Ledger.Kind.REPLICATE, SOURCE, null, null, false,
                    new Answer.Reply(200, reply("00000000-0000-0000-0000-0000000000aa"))));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("which is in no row"));
    }

    @Test
    void moreUnaccountedReplicasThanUnansweredRequestsAreReportedAsDoubled() {
        String extra = "00000000-0000-0000-0000-000000000004";
        Fleet doubled = new Fleet().with(f -> {
            f.cvms.add(cvm(4, extra, "src-replica-2", 1L, "running", "running", true, 40, null, null));
            f.nodes.set(0, new NodeRow(1, "node-1", 3, 6144, 60, 3));
            f.admin = "[{\"name\": \"node-1\", \"reserved\": {\"vcpu\": 3, \"memory_mb\": 6144, \"disk_gb\": 60, \"slots\": 3}}]";
            f.vms.add(vm("d", "src-replica-2@" + extra));
            return f;
        });
        assertThat(doubled.check()).anyMatch(v -> v.contains("no answer accounts for"));

        doubled.ledger.record(new Ledger.Entry(Ledger.Kind.REPLICATE, SOURCE, null, null, false, new Answer.NoReply("reset")));
        assertThat(doubled.check()).as("one unanswered request may have made it").isEmpty();
    }

    @Test
    void oneKeyAnsweredWithTwoReplicasIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.ledger.record(new Ledger.Entry(Ledger.Kind.REPLICATE, SOURCE, null, "k1", true,
                    new Answer.Reply(200, reply(SOURCE))));
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("Idempotency-Key k1 answered with 2 different replicas"));
    }

    @Test
    void aRecorded200WhoseReplyCannotBeReadIsReported() {
        List<String> violations = new Fleet().with(f -> {
            f.keys.set(0, new KeyRow("k1", "completed", 200, "sealed:v1:unopened"));
            return f;
        }).check();
        assertThat(violations).contains("Idempotency-Key k1 recorded a 200 whose reply cannot be read");
    }

    @Test
    void serverErrorsAndUnfinishedOperationsAreReported() {
        List<String> violations = new Fleet().with(f -> {
            f.ledger.record(new Ledger.Entry(Ledger.Kind.DELETE, REPLICA, null, null, false, new Answer.Reply(500, "{}")));
            f.operations = Map.of("succeeded", 2L, "running", 1L);
            return f;
        }).check();
        assertThat(violations).anyMatch(v -> v.contains("answered 500")).anyMatch(v -> v.contains("still pending or running"));
    }

    private static CvmRow cvm(long id, String uuid, String name, Long sourceId, String status, String desired,
                              boolean held, long createdSecond, Long deletedSecond, Long deleteAskedSecond) {
        return new CvmRow(id, uuid, name, 1, status, desired, sourceId, held, 1, 2048, 20, at(createdSecond),
                deletedSecond == null ? null : at(deletedSecond), deleteAskedSecond == null ? null : at(deleteAskedSecond));
    }

    private static NodeFleet.NodeVm vm(String id, String name) {
        return new NodeFleet.NodeVm("node-1", id, name, "running", "done", "");
    }

    private static String reply(String uuid) {
        return "{\"vm_uuid\": \"" + uuid + "\", \"name\": \"n\"}";
    }

    private static Timestamp at(long second) {
        return new Timestamp(1_800_000_000_000L + second * 1000);
    }
}
