package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * pgbench with the statements one replicate sends (resource {@code bench/replicate.pgbench}, written
 * from the server code and checked against pg_stat_statements), on a copy of the benchmark database:
 * the database's ceiling for the replicate path as the server runs it today, name probing excepted
 * (the script asks for one free name, i.e. the cost of a source's first replica).
 */
final class ReplicateSql {

    private ReplicateSql() {
    }

    static Path write(Path outDir) throws IOException {
        Path script = outDir.resolve("replicate.pgbench");
        try (var in = ReplicateSql.class.getResourceAsStream("/bench/replicate.pgbench")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /** The same script on one source only (every transaction locks the same source row). */
    static Path oneSource(Path script) throws IOException {
        Path one = script.resolveSibling("replicate-one-source.pgbench");
        Files.writeString(one, Files.readString(script).replace("\\set k random(1, 16)", "\\set k 1"));
        return one;
    }

    /** A table of the sources the script picks from, with everything it needs about each. */
    static void prepare(PrivatePostgres pg, String database, List<String> sourceVmUuids) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO apps (public_id, app_id, workspace_id, creator_user_id, name, kms_type, created_at)
                    SELECT 'app_bench_sink', repeat('0', 40), workspace_id, creator_user_id, 'bench-sink', 'phala', now()
                    FROM apps ORDER BY id LIMIT 1""");
            s.execute("""
                    CREATE TABLE bench_sources AS
                    SELECT 0 AS k, c.id AS cvm_id, c.vm_uuid, c.app_pk, c.node_id, c.workspace_id AS ws,
                           c.creator_user_id AS user_id, c.compose_hash, a.kms_id,
                           (SELECT key_hash FROM api_keys ORDER BY id LIMIT 1) AS key_hash,
                           (SELECT id FROM apps WHERE public_id = 'app_bench_sink') AS sink_app
                    FROM cvms c JOIN apps a ON a.id = c.app_pk WHERE false""");
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO bench_sources
                    SELECT ?, c.id, c.vm_uuid, c.app_pk, c.node_id, c.workspace_id, c.creator_user_id, c.compose_hash,
                           a.kms_id, (SELECT key_hash FROM api_keys ORDER BY id LIMIT 1),
                           (SELECT id FROM apps WHERE public_id = 'app_bench_sink')
                    FROM cvms c JOIN apps a ON a.id = c.app_pk WHERE c.vm_uuid = ?""")) {
                for (int i = 0; i < sourceVmUuids.size(); i++) {
                    p.setInt(1, i + 1);
                    p.setString(2, sourceVmUuids.get(i));
                    p.addBatch();
                }
                p.executeBatch();
            }
            s.execute("CREATE UNIQUE INDEX ON bench_sources (k)");
            s.execute("ANALYZE");
        }
    }
}
