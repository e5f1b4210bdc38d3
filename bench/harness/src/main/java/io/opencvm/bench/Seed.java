package io.opencvm.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Seeds a fleet straight into the schema with {@code generate_series}: {@code nodes} nodes (open to all,
 * the simulator's KMS and image, unreachable URLs) each holding {@code cvmsPerNode} running CVMs of
 * 1 vCPU / 2 GB / 20 GB, so every node's reserved counters equal what its CVMs hold; apps of ten CVMs
 * each (an original and its replicas {@code -replica-1..9}), one revision and one finished
 * {@code create} operation per CVM, spread over 1,000 workspaces (the benchmark's own among them).
 * Foreign keys are consistent by construction; their triggers are off during the load for speed.
 */
final class Seed {

    private Seed() {
    }

    static void fleet(PrivatePostgres pg, int nodes, int cvmsPerNode) throws SQLException {
        int cvms = nodes * cvmsPerNode;
        int apps = cvms / 10;
        try (Connection c = pg.connect(PrivatePostgres.DATABASE); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET session_replication_role = replica");
            long defaultWs = single(s, "SELECT id FROM workspaces WHERE slug = 'default'");
            long kms = single(s, "SELECT min(id) FROM kms");
            for (String sql : List.of(
                    "INSERT INTO users (public_id, username, email, role, created_at)"
                            + " VALUES ('usr_seed', 'seed-owner', 'seed@example.com', 'user', now())",
                    "INSERT INTO workspaces (public_id, name, slug, tier, created_at)"
                            + " SELECT 'ws_seed_' || g, 'Seed ' || g, 'seed-' || g, 'free', now()"
                            + " FROM generate_series(1, 999) g",
                    "INSERT INTO workspace_members (workspace_id, user_id, role, is_default)"
                            + " SELECT w.id, u.id, 'owner', true FROM workspaces w, users u"
                            + " WHERE w.slug LIKE 'seed-%' AND u.username = 'seed-owner'",
                    "CREATE TEMP TABLE seed_ws AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM ("
                            + " SELECT id FROM workspaces WHERE slug LIKE 'seed-%' UNION ALL SELECT " + defaultWs
                            + ") w",
                    "INSERT INTO nodes (name, vmm_url, listed, open_to_all, kms_id, vcpu_capacity, memory_mb_capacity,"
                            + " disk_gb_capacity, slot_capacity, vcpu_reserved, memory_mb_reserved, disk_gb_reserved,"
                            + " slots_reserved, device_id, status, last_seen_at, created_at, updated_at)"
                            + " SELECT 'fleet-' || g, 'http://127.0.0.1:9/', true, true, " + kms + ", 256, 1048576,"
                            + " 40000, " + (cvmsPerNode * 2) + ", " + cvmsPerNode + ", " + (cvmsPerNode * 2048) + ", "
                            + (cvmsPerNode * 20) + ", " + cvmsPerNode + ", md5('dev' || g) || md5('ice' || g),"
                            + " 'online', now(), now(), now() FROM generate_series(1, " + nodes + ") g",
                    "CREATE TEMP TABLE seed_nodes AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id"
                            + " FROM nodes WHERE name LIKE 'fleet-%'",
                    "INSERT INTO node_images (node_id, name, version, is_dev, os_image_hash)"
                            + " SELECT n.id, i.name, i.version, i.is_dev, i.os_image_hash FROM seed_nodes n,"
                            + " (SELECT DISTINCT ON (name) * FROM node_images WHERE node_id IN"
                            + "  (SELECT id FROM nodes WHERE name LIKE 'sim-%')) i",
                    "INSERT INTO apps (public_id, app_id, workspace_id, creator_user_id, name, kms_id, kms_type, created_at)"
                            + " SELECT 'app_seed_' || g, substr(md5('app' || g) || md5('id' || g), 1, 40), w.id, u.id,"
                            + " 'fleet-app-' || g, " + kms + ", 'phala', now() - interval '30 days'"
                            + " FROM generate_series(1, " + apps + ") g JOIN seed_ws w ON w.k = g % 1000,"
                            + " (SELECT id FROM users WHERE username = 'seed-owner') u",
                    "CREATE TEMP TABLE seed_apps AS SELECT a.id, a.app_id, a.workspace_id, a.name,"
                            + " md5('compose' || a.id) || md5('hash' || a.id) AS hash FROM apps a"
                            + " WHERE a.public_id LIKE 'app_seed_%'",
                    "CREATE INDEX ON seed_apps (id)",
                    "INSERT INTO app_revisions (app_pk, compose_hash, compose_file, created_at)"
                            + " SELECT id, hash, '{\"docker_compose_file\":\"services:\\n  web:\\n    image: nginx:1.27\\n\","
                            + "\"allowed_envs\":[],\"features\":[\"kms\",\"tproxy-net\"],\"gateway_enabled\":true,"
                            + "\"kms_enabled\":true,\"manifest_version\":2,\"name\":\"' || name || '\","
                            + "\"public_logs\":true,\"public_sysinfo\":true,\"public_tcbinfo\":true,"
                            + "\"runner\":\"docker-compose\",\"secure_time\":false}', now() - interval '30 days'"
                            + " FROM seed_apps",
                    "CREATE TEMP TABLE seed_cvm_ids AS SELECT g, (SELECT coalesce(max(id), 0) FROM cvms) + g AS id"
                            + " FROM generate_series(1, " + cvms + ") g",
                    "INSERT INTO cvms (id, public_id, workspace_id, app_pk, app_id, creator_user_id, name, active_name,"
                            + " vm_uuid, node_vm_id, node_id, compose_hash, image, instance_type, vcpu, memory_mb,"
                            + " disk_gb, instance_id, source_cvm_id, listed, desired_state, status, node_status,"
                            + " boot_progress, uptime, generation, capacity_held, created_at, updated_at, observed_at)"
                            + " SELECT x.id, 'cvm_seed' || x.g, a.workspace_id, a.id, a.app_id, u.id,"
                            + " a.name || CASE WHEN (x.g - 1) % 10 = 0 THEN '' ELSE '-replica-' || ((x.g - 1) % 10) END,"
                            + " a.name || CASE WHEN (x.g - 1) % 10 = 0 THEN '' ELSE '-replica-' || ((x.g - 1) % 10) END,"
                            + " md5('cvm' || x.g)::uuid::text, md5('cvm' || x.g)::uuid::text, n.id, a.hash,"
                            + " 'dstack-0.5.4', 'tdx.small', 1, 2048, 20, substr(md5('inst' || x.g) || md5('i' || x.g), 1, 40),"
                            + " CASE WHEN (x.g - 1) % 10 = 0 THEN NULL ELSE x.id - (x.g - 1) % 10 END, false, 'running',"
                            + " 'running', 'running', 'done', '30 days', 0, true, now() - interval '30 days', now(), now()"
                            + " FROM seed_cvm_ids x"
                            + " JOIN seed_apps a ON a.id = (SELECT min(id) FROM seed_apps) + (x.g - 1) / 10"
                            + " JOIN seed_nodes n ON n.k = (x.g - 1) % " + nodes + ","
                            + " (SELECT id FROM users WHERE username = 'seed-owner') u",
                    "SELECT setval(pg_get_serial_sequence('cvms', 'id'), (SELECT max(id) FROM cvms))",
                    "INSERT INTO operations (public_id, cvm_id, kind, generation, state, attempts, next_run_at, fence,"
                            + " triggered_by, created_at, updated_at, finished_at)"
                            + " SELECT 'op_seed' || g, id, 'create', 0, 'succeeded', 1, now(), 1, 'seed',"
                            + " now() - interval '30 days', now() - interval '30 days', now() - interval '30 days'"
                            + " FROM seed_cvm_ids")) {
                s.execute(sql);
            }
            c.commit();
            long seeded = single(s, "SELECT count(*) FROM cvms WHERE public_id LIKE 'cvm_seed%'");
            if (seeded != cvms) {
                throw new IllegalStateException("seeded " + seeded + " CVMs, wanted " + cvms);
            }
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE");
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
