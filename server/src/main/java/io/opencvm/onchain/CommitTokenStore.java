package io.opencvm.onchain;

import io.opencvm.node.Resources;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code commit_tokens}. */
@Repository
class CommitTokenStore {

    private static final String COLUMNS = """
            id, workspace_id, purpose, cvm_id, node_id, compose_hash, encrypted_env, vcpu, memory_mb, disk_gb, image,
            created_at, expires_at, used_at""";

    private final JdbcClient jdbc;

    CommitTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tokenHash, PreparedChange change, Instant now, Instant expiresAt) {
        Resources r = change.resources();
        jdbc.sql("""
                        INSERT INTO commit_tokens (token_hash, workspace_id, purpose, cvm_id, node_id, compose_hash,
                                                   encrypted_env, vcpu, memory_mb, disk_gb, image, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tokenHash, change.workspaceId(), change.purpose().column(), change.cvmId(), change.nodeId(),
                        change.composeHash(), change.encryptedEnv(), r == null ? null : r.vcpu(),
                        r == null ? null : r.memoryMb(), r == null ? null : r.diskGb(), change.image(),
                        now.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<StoredChange> find(String tokenHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM commit_tokens WHERE token_hash = ?")
                .param(tokenHash)
                .query(CommitTokenStore::row)
                .optional();
    }

    /** The unused, unexpired tokens of one purpose for these CVMs, oldest first. */
    List<StoredChange> waiting(PreparedChange.Purpose purpose, List<Long> cvmIds, Instant now) {
        if (cvmIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM commit_tokens WHERE purpose = :purpose AND cvm_id IN (:cvms)"
                        + " AND used_at IS NULL AND expires_at > :now ORDER BY created_at, id")
                .param("purpose", purpose.column())
                .param("cvms", cvmIds)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(CommitTokenStore::row)
                .list();
    }

    /**
     * Marks the token used, first thing in the commit's transaction: a concurrent commit of the same
     * token waits on this row and then finds it used. False when another commit used it first.
     */
    boolean redeem(long id, Instant now) {
        return jdbc.sql("UPDATE commit_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL")
                .params(now.atOffset(ZoneOffset.UTC), id)
                .update() == 1;
    }

    /** Deletes tokens past their lifetime, used or not; returns how many. */
    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM commit_tokens WHERE expires_at <= ?").param(now.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The replica a token's commit created. */
    void attachCvm(long id, long cvmId) {
        jdbc.sql("UPDATE commit_tokens SET replica_cvm_id = ? WHERE id = ?").params(cvmId, id).update();
    }

    private static StoredChange row(ResultSet rs, int n) throws SQLException {
        Integer vcpu = (Integer) rs.getObject(8, Integer.class);
        Resources resources = vcpu == null ? null : Resources.ofCvm(vcpu, rs.getInt(9), rs.getInt(10));
        PreparedChange change = new PreparedChange(PreparedChange.Purpose.valueOf(rs.getString(3).toUpperCase()),
                rs.getLong(2), rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getString(7), resources,
                rs.getString(11));
        return new StoredChange(rs.getLong(1), change, rs.getTimestamp(12).toInstant(), rs.getTimestamp(13).toInstant(),
                rs.getTimestamp(14) == null ? null : rs.getTimestamp(14).toInstant());
    }
}
