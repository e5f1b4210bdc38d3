package io.opencvm.provision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for pending provisions. */
@Repository
class ProvisionStore {

    private final JdbcClient jdbc;

    ProvisionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the provision, replacing an earlier one of the same app id and compose hash. */
    void save(Provision p) {
        jdbc.sql("DELETE FROM provisions WHERE app_id = ? AND compose_hash = ?").params(p.appId(), p.composeHash()).update();
        jdbc.sql("""
                        INSERT INTO provisions (workspace_id, user_id, app_id, compose_hash, compose_file, name, node_id,
                                                kms_id, image, instance_type, vcpu, memory_mb, disk_gb, listed,
                                                env_pubkey, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.workspaceId(), p.userId(), p.appId(), p.composeHash(), p.composeFile(), p.name(), p.nodeId(),
                        p.kmsPk(), p.image(), p.instanceType(), p.vcpu(), p.memoryMb(), p.diskGb(), p.listed(),
                        p.envPubkey(), utc(p.createdAt()), utc(p.expiresAt()))
                .update();
    }

    /** The unexpired provision of the workspace for this app id and compose hash. */
    Optional<Provision> find(long workspaceId, String appId, String composeHash, Instant now) {
        return jdbc.sql("""
                        SELECT * FROM provisions
                        WHERE workspace_id = ? AND app_id = ? AND compose_hash = ? AND expires_at > ?""")
                .params(workspaceId, appId, composeHash, utc(now)).query(ProvisionStore::row).optional();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM provisions WHERE id = ?").param(id).update();
    }

    private static Provision row(ResultSet rs, int n) throws SQLException {
        long kms = rs.getLong("kms_id");
        Long kmsPk = rs.wasNull() ? null : kms;
        return new Provision(rs.getLong("id"), rs.getLong("workspace_id"), rs.getLong("user_id"), rs.getString("app_id"),
                rs.getString("compose_hash"), rs.getString("compose_file"), rs.getString("name"), rs.getLong("node_id"),
                kmsPk, rs.getString("image"), rs.getString("instance_type"), rs.getInt("vcpu"), rs.getInt("memory_mb"),
                rs.getInt("disk_gb"), rs.getBoolean("listed"), rs.getString("env_pubkey"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
