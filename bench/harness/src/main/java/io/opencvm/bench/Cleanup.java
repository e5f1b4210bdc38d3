package io.opencvm.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Puts the database back to its state before a loops-off stage: the replicas its load runs recorded
 * never reached a node (no workers ran), so they and their pending operations are removed, and the
 * simulated nodes' reserved counters and the sources' smallest free replica numbers are recomputed from
 * the CVMs that remain. Without this a later server
 * with its workers on would first drain thousands of stale creates, and every stage would start from a
 * different database.
 */
final class Cleanup {

    private Cleanup() {
    }

    static void removeLoadReplicas(PrivatePostgres pg) throws SQLException {
        System.out.println("[bench] removing the load runs' replicas ...");
        String stale = "SELECT id FROM cvms WHERE source_cvm_id IS NOT NULL AND node_vm_id IS NULL";
        try (Connection c = pg.connect(PrivatePostgres.DATABASE); Statement s = c.createStatement()) {
            // Nothing refers to these rows (no replica of a replica is made), and cvms.source_cvm_id has no
            // index: with the foreign-key triggers on, every deleted row would scan the whole table.
            s.execute("SET session_replication_role = replica");
            s.execute("DELETE FROM idempotency_keys");
            s.execute("DELETE FROM operations WHERE cvm_id IN (" + stale + ")");
            s.execute("DELETE FROM cvms WHERE id IN (" + stale + ")");
        }
        // Their sources' smallest free replica number (V157) is recomputed as the server's migration computes it.
        pg.sql("""
                UPDATE cvms s SET replica_floor = (
                    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM cvms f WHERE f.source_cvm_id = s.id AND f.replica_number = 1
                                                   AND f.active_name IS NOT NULL)
                                THEN 1
                                ELSE (SELECT MIN(a.replica_number) + 1 FROM cvms a
                                      WHERE a.source_cvm_id = s.id AND a.active_name IS NOT NULL
                                        AND a.replica_number IS NOT NULL
                                        AND NOT EXISTS (SELECT 1 FROM cvms b WHERE b.source_cvm_id = s.id
                                                          AND b.active_name IS NOT NULL
                                                          AND b.replica_number = a.replica_number + 1))
                           END)
                WHERE s.replica_floor <> 1""");
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
