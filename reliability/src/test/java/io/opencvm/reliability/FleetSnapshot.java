package io.opencvm.reliability;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What the database, the admin API and the nodes say at one moment after a run has settled: every CVM row, every
 * node's counters (from the table and from {@code /admin/nodes}), every VM on every node, every Idempotency-Key.
 */
record FleetSnapshot(List<CvmRow> cvms, List<NodeRow> nodes, JsonNode adminNodes, List<NodeFleet.NodeVm> vms,
                     List<KeyRow> keys, Map<String, Long> operationsByState, List<String> failedOperations) {

    /**
     * A {@code cvms} row, as far as the checks need it. {@code deleteRequestedAt} is when its delete was asked for
     * (its {@code delete} operation was written), which is when the server gives its name free.
     */
    record CvmRow(long id, String vmUuid, String name, long nodeId, String status, String desired, Long sourceId,
                  boolean capacityHeld, int vcpu, int memoryMb, int diskGb, Timestamp createdAt, Timestamp deletedAt,
                  Timestamp deleteRequestedAt) {

        boolean wantedLive() {
            return !desired.equals("deleted");
        }
    }

    /** A {@code nodes} row with its reserved counters. */
    record NodeRow(long id, String name, int vcpu, int memoryMb, int diskGb, int slots) {
    }

    /** An {@code idempotency_keys} row, with the key as the client sent it and the reply opened. */
    record KeyRow(String key, String state, Integer status, String body) {
    }

    static FleetSnapshot take(Database db, Api api, NodeFleet fleet, Ledger ledger) {
        RecordedReplies replies = new RecordedReplies(ledger.entries().stream().map(Ledger.Entry::key).toList());
        List<CvmRow> cvms = db.rows("""
                        SELECT c.*, (SELECT MIN(o.created_at) FROM operations o WHERE o.cvm_id = c.id AND o.kind = 'delete')
                                    AS delete_requested_at
                        FROM cvms c ORDER BY c.id""").stream().map(r -> new CvmRow(
                ((Number) r.get("id")).longValue(), (String) r.get("vm_uuid"), (String) r.get("name"),
                ((Number) r.get("node_id")).longValue(), (String) r.get("status"), (String) r.get("desired_state"),
                r.get("source_cvm_id") == null ? null : ((Number) r.get("source_cvm_id")).longValue(),
                (Boolean) r.get("capacity_held"), ((Number) r.get("vcpu")).intValue(),
                ((Number) r.get("memory_mb")).intValue(), ((Number) r.get("disk_gb")).intValue(),
                (Timestamp) r.get("created_at"), (Timestamp) r.get("deleted_at"),
                (Timestamp) r.get("delete_requested_at"))).toList();
        List<NodeRow> nodes = db.rows("SELECT * FROM nodes WHERE deleted_at IS NULL ORDER BY id").stream()
                .map(r -> new NodeRow(((Number) r.get("id")).longValue(), (String) r.get("name"),
                        ((Number) r.get("vcpu_reserved")).intValue(), ((Number) r.get("memory_mb_reserved")).intValue(),
                        ((Number) r.get("disk_gb_reserved")).intValue(), ((Number) r.get("slots_reserved")).intValue()))
                .toList();
        List<KeyRow> keys = db.rows("SELECT * FROM idempotency_keys").stream().map(r -> new KeyRow(
                replies.keyAsSent((String) r.get("idem_key")), (String) r.get("state"),
                r.get("response_status") == null ? null : ((Number) r.get("response_status")).intValue(),
                replies.open((String) r.get("idem_key"), ((Number) r.get("workspace_id")).longValue(),
                        (String) r.get("fingerprint"), (String) r.get("response_body")))).toList();
        Map<String, Long> byState = db.rows("SELECT state, COUNT(*) AS n FROM operations GROUP BY state").stream()
                .collect(Collectors.toMap(r -> (String) r.get("state"), r -> ((Number) r.get("n")).longValue()));
        // A failed operation of a CVM that was deleted afterwards is history; one of a CVM still wanted is damage.
        List<String> failed = db.rows("""
                        SELECT o.public_id, o.kind, o.attempts, o.last_error, c.name, c.vm_uuid FROM operations o
                        JOIN cvms c ON c.id = o.cvm_id
                        WHERE o.state = 'failed' AND c.desired_state <> 'deleted' ORDER BY o.id""").stream()
                .map(r -> r.get("kind") + " of " + r.get("name") + " (" + r.get("vm_uuid") + ") failed after "
                        + r.get("attempts") + " attempt(s): " + r.get("last_error")).toList();
        return new FleetSnapshot(cvms, nodes, api.adminNodes(), fleet.vms(), keys, byState, failed);
    }
}
