package io.opencvm.bench;

/**
 * Puts the database back to its state before a loops-off stage: the replicas its load runs recorded
 * never reached a node (no workers ran), so they and their pending operations are removed and the
 * simulated nodes' reserved counters recomputed from the CVMs that remain. Without this a later server
 * with its workers on would first drain thousands of stale creates, and every stage would start from a
 * different database.
 */
final class Cleanup {

    private Cleanup() {
    }

    static void removeLoadReplicas(PrivatePostgres pg) {
        System.out.println("[bench] removing the load runs' replicas ...");
        String stale = "SELECT id FROM cvms WHERE source_cvm_id IS NOT NULL AND node_vm_id IS NULL";
        pg.sql("DELETE FROM idempotency_keys");
        pg.sql("DELETE FROM operations WHERE cvm_id IN (" + stale + ")");
        pg.sql("DELETE FROM cvms WHERE id IN (" + stale + ")");
        pg.sql("""
                UPDATE nodes n SET
                  vcpu_reserved = coalesce((SELECT sum(vcpu) FROM cvms c WHERE c.node_id = n.id AND c.capacity_held), 0),
                  memory_mb_reserved = coalesce((SELECT sum(memory_mb) FROM cvms c WHERE c.node_id = n.id AND c.capacity_held), 0),
                  disk_gb_reserved = coalesce((SELECT sum(disk_gb) FROM cvms c WHERE c.node_id = n.id AND c.capacity_held), 0),
                  slots_reserved = (SELECT count(*) FROM cvms c WHERE c.node_id = n.id AND c.capacity_held)
                WHERE n.name LIKE 'sim-%'""");
        pg.sql("VACUUM ANALYZE cvms");
        pg.sql("VACUUM ANALYZE operations");
        pg.sql("VACUUM ANALYZE nodes");
    }
}
