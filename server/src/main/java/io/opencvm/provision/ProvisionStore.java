package io.opencvm.provision;

import io.opencvm.cvm.CvmSpec;
import io.opencvm.node.Resources;
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

    /** Stores the provision, replacing an earlier one of the same workspace, app id and compose hash. */
    void save(Provision p) {
        jdbc.sql("DELETE FROM provisions WHERE workspace_id = ? AND app_id = ? AND compose_hash = ?")
                .params(p.workspaceId(), p.app().appId(), p.composeHash()).update();
        jdbc.sql("""
                        INSERT INTO provisions (workspace_id, user_id, app_id, compose_hash, compose_file, name, node_id,
                                                kms_id, image, instance_type, vcpu, memory_mb, disk_gb, listed,
                                                env_pubkey, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.workspaceId(), p.userId(), p.app().appId(), p.composeHash(), p.app().composeFile(), p.name(),
                        p.nodeId(), p.app().kmsPk(), p.spec().image(), p.spec().instanceType(), p.spec().resources().vcpu(),
                        p.spec().resources().memoryMb(), p.spec().resources().diskGb(), p.spec().listed(),
                        p.app().envPubkey(), utc(p.createdAt()), utc(p.expiresAt()))
                .update();
    }

    /** The unexpired provision of the workspace for this app id and compose hash. */
    Optional<Provision> find(long workspaceId, String appId, String composeHash, Instant now) {
        return jdbc.sql("""
                        SELECT * FROM provisions
                        WHERE workspace_id = ? AND app_id = ? AND compose_hash = ? AND expires_at > ?""")
                .params(workspaceId, appId, composeHash, utc(now)).query(ProvisionStore::row).optional();
    }

    /** Deletes a provision of the workspace; another workspace's provision with that id is left alone. */
    void delete(long workspaceId, long id) {
        jdbc.sql("DELETE FROM provisions WHERE workspace_id = ? AND id = ?").params(workspaceId, id).update();
    }

    /** Deletes the provisions whose time ran out before they were committed; returns how many. */
    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM provisions WHERE expires_at <= ?").param(utc(now)).update();
    }

    /** The one place a {@link Provision} is built from its row. */
    private static Provision row(ResultSet rs, int n) throws SQLException {
        long kms = rs.getLong("kms_id");
        Long kmsPk = rs.wasNull() ? null : kms;
        Provision.App app = new Provision.App(rs.getString("app_id"), rs.getString("compose_file"), kmsPk,
                rs.getString("env_pubkey"));
        CvmSpec spec = new CvmSpec(rs.getString("compose_hash"), rs.getString("image"), rs.getString("instance_type"),
                Resources.ofCvm(rs.getInt("vcpu"), rs.getInt("memory_mb"), rs.getInt("disk_gb")), null,
                rs.getBoolean("listed"));
        return new Provision(rs.getLong("id"), rs.getLong("workspace_id"), rs.getLong("user_id"), rs.getString("name"),
                rs.getLong("node_id"), app, spec, rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
