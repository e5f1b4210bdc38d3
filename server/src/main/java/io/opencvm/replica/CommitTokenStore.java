package io.opencvm.replica;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code replica_commit_tokens}. */
@Repository
class CommitTokenStore {

    /** A stored plan, looked up by the token's hash. */
    record StoredPlan(long id, long workspaceId, long sourceCvmId, long targetNodeId, String composeHash,
                      String encryptedEnv, Instant expiresAt, Instant usedAt) {

        @Override
        public String toString() {
            return "StoredPlan[" + id + ", source " + sourceCvmId + " -> node " + targetNodeId + "]"; // never the env
        }
    }

    private final JdbcClient jdbc;

    CommitTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tokenHash, long workspaceId, long sourceCvmId, long targetNodeId, String composeHash,
                String encryptedEnv, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO replica_commit_tokens (token_hash, workspace_id, source_cvm_id, target_node_id,
                                                           compose_hash, encrypted_env, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tokenHash, workspaceId, sourceCvmId, targetNodeId, composeHash, encryptedEnv,
                        now.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<StoredPlan> find(String tokenHash) {
        return jdbc.sql("""
                        SELECT id, workspace_id, source_cvm_id, target_node_id, compose_hash, encrypted_env,
                               expires_at, used_at
                        FROM replica_commit_tokens WHERE token_hash = ?""")
                .param(tokenHash)
                .query((rs, n) -> new StoredPlan(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
                .optional();
    }

    /**
     * Marks the token used, first thing in the commit's transaction: a concurrent commit of the same
     * token waits on this row and then finds it used. False when another commit used it first.
     */
    boolean redeem(long id, Instant now) {
        return jdbc.sql("UPDATE replica_commit_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL")
                .params(now.atOffset(ZoneOffset.UTC), id)
                .update() == 1;
    }

    /** Deletes tokens past their lifetime, used or not; returns how many. */
    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM replica_commit_tokens WHERE expires_at <= ?").param(now.atOffset(ZoneOffset.UTC))
                .update();
    }

    void attachReplica(long id, long replicaCvmId) {
        jdbc.sql("UPDATE replica_commit_tokens SET replica_cvm_id = ? WHERE id = ?").params(replicaCvmId, id).update();
    }
}
