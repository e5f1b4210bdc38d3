package io.opencvm.update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for rollouts and their steps. The writes run in their caller's transaction, the rollout's row locked. */
@Repository
class RolloutStore {

    private static final int MAX_REASON = 1000;

    private final JdbcClient jdbc;

    RolloutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new rolling rollout; fails on the unique {@code active_app_pk} when the app already has one rolling. */
    long insert(String publicId, long workspaceId, long appPk, String composeHash, String encryptedEnv,
                String triggeredBy, Long userId, Instant now) {
        jdbc.sql("""
                        INSERT INTO app_rollouts (public_id, workspace_id, app_pk, active_app_pk, state, compose_hash,
                                                  encrypted_env, cancel_requested, triggered_by, user_id, next_check_at,
                                                  created_at, updated_at)
                        VALUES (:pid, :ws, :app, :app, 'rolling', :hash, :env, FALSE, :by, :user, :now, :now, :now)""")
                .param("pid", publicId).param("ws", workspaceId).param("app", appPk).param("hash", composeHash)
                .param("env", encryptedEnv).param("by", triggeredBy).param("user", userId).param("now", ts(now))
                .update();
        return jdbc.sql("SELECT id FROM app_rollouts WHERE public_id = ?").param(publicId).query(Long.class).single();
    }

    void insertStep(long rolloutId, int seq, long cvmId, String vmUuid, String cvmName, String previousComposeHash) {
        jdbc.sql("""
                        INSERT INTO app_rollout_steps (rollout_id, seq, cvm_id, vm_uuid, cvm_name, previous_compose_hash,
                                                       state)
                        VALUES (?, ?, ?, ?, ?, ?, 'pending')""")
                .params(rolloutId, seq, cvmId, vmUuid, cvmName, previousComposeHash).update();
    }

    /** The step starts: its update and operation were written in this transaction. */
    void startStep(long rolloutId, int seq, long operationId, String operationPublicId, Instant now) {
        requireOne(jdbc.sql("""
                        UPDATE app_rollout_steps SET state = 'updating', operation_id = ?, operation_public_id = ?,
                                                     started_at = ?
                        WHERE rollout_id = ? AND seq = ? AND state = 'pending'""")
                .params(operationId, operationPublicId, ts(now), rolloutId, seq).update());
    }

    /** The step ends, done or failed (a pending one fails when its turn cannot come). */
    void finishStep(long rolloutId, int seq, StepState state, String reason, Instant now) {
        requireOne(jdbc.sql("""
                        UPDATE app_rollout_steps SET state = ?, reason = ?, finished_at = ?
                        WHERE rollout_id = ? AND seq = ? AND state IN ('pending', 'updating')""")
                .params(state.wire(), bounded(reason), ts(now), rolloutId, seq).update());
    }

    /** The rollout ends: it no longer holds its app's one rolling place. */
    void end(long rolloutId, RolloutState state, String reason, Instant now) {
        requireOne(jdbc.sql("""
                        UPDATE app_rollouts SET state = ?, reason = ?, active_app_pk = NULL, finished_at = ?, updated_at = ?
                        WHERE id = ? AND state = 'rolling'""")
                .params(state.wire(), bounded(reason), ts(now), ts(now), rolloutId).update());
    }

    void requestCancel(long rolloutId, Instant now) {
        requireOne(jdbc.sql("UPDATE app_rollouts SET cancel_requested = TRUE, next_check_at = ?, updated_at = ? WHERE id = ?")
                .params(ts(now), ts(now), rolloutId).update());
    }

    /** When the advance looks at the rollout again. */
    void checkAgainAt(long rolloutId, Instant at) {
        jdbc.sql("UPDATE app_rollouts SET next_check_at = ? WHERE id = ?").params(ts(at), rolloutId).update();
    }

    void touch(long rolloutId, Instant now) {
        jdbc.sql("UPDATE app_rollouts SET updated_at = ? WHERE id = ?").params(ts(now), rolloutId).update();
    }

    /**
     * Claims the rolling rollout that is due first, its row locked until the transaction ends; one another instance
     * of the server holds is skipped. Must run inside a transaction.
     */
    Optional<Rollout> claimDue(Instant now) {
        return jdbc.sql("""
                        SELECT id FROM app_rollouts WHERE state = 'rolling' AND next_check_at <= ?
                        ORDER BY next_check_at, id
                        LIMIT 1
                        FOR UPDATE SKIP LOCKED""")
                .param(ts(now)).query(Long.class).optional().flatMap(this::find);
    }

    /** Holds the rollout's row until the transaction ends, then reads it. */
    Optional<Rollout> lock(long rolloutId) {
        jdbc.sql("SELECT id FROM app_rollouts WHERE id = ? FOR UPDATE").param(rolloutId).query(Long.class).optional();
        return find(rolloutId);
    }

    Optional<Rollout> find(long rolloutId) {
        return one("id = ?", rolloutId);
    }

    Optional<Rollout> findByPublicId(long appPk, String publicId) {
        return jdbc.sql("SELECT id FROM app_rollouts WHERE app_pk = ? AND public_id = ?").params(appPk, publicId)
                .query(Long.class).optional().flatMap(this::find);
    }

    Optional<Rollout> rollingOfApp(long appPk) {
        return one("active_app_pk = ?", appPk);
    }

    /** The app's rollouts, newest first. */
    List<Rollout> ofApp(long appPk, long offset, int limit) {
        return jdbc.sql("SELECT id FROM app_rollouts WHERE app_pk = ? ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(appPk, limit, offset).query(Long.class).list().stream()
                .map(id -> find(id).orElseThrow()).toList();
    }

    long countOfApp(long appPk) {
        return jdbc.sql("SELECT COUNT(*) FROM app_rollouts WHERE app_pk = ?").param(appPk).query(Long.class).single();
    }

    private Optional<Rollout> one(String where, Object param) {
        // The steps are read after the rollout's result set is closed, not from inside it.
        return jdbc.sql("SELECT * FROM app_rollouts WHERE " + where).param(param)
                .query((rs, n) -> row(rs, List.of())).optional()
                .map(r -> new Rollout(r.id(), r.publicId(), r.workspaceId(), r.appPk(), r.state(), r.composeHash(),
                        r.encryptedEnv(), r.cancelRequested(), r.reason(), r.triggeredBy(), r.userId(), r.createdAt(),
                        r.updatedAt(), r.finishedAt(), steps(r.id())));
    }

    private List<RolloutStep> steps(long rolloutId) {
        return jdbc.sql("SELECT * FROM app_rollout_steps WHERE rollout_id = ? ORDER BY seq").param(rolloutId)
                .query((rs, n) -> new RolloutStep(rs.getInt("seq"), rs.getLong("cvm_id"), rs.getString("vm_uuid"),
                        rs.getString("cvm_name"), rs.getString("previous_compose_hash"),
                        StepState.fromWire(rs.getString("state")), rs.getObject("operation_id", Long.class),
                        rs.getString("operation_public_id"), rs.getString("reason"), instant(rs, "started_at"),
                        instant(rs, "finished_at")))
                .list();
    }

    private static Rollout row(ResultSet rs, List<RolloutStep> steps) throws SQLException {
        return new Rollout(rs.getLong("id"), rs.getString("public_id"), rs.getLong("workspace_id"), rs.getLong("app_pk"),
                RolloutState.fromWire(rs.getString("state")), rs.getString("compose_hash"),
                rs.getString("encrypted_env"), rs.getBoolean("cancel_requested"), rs.getString("reason"),
                rs.getString("triggered_by"), rs.getObject("user_id", Long.class), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "finished_at"), steps);
    }

    /** Reasons quote the node's boot error, which may be longer than the column. */
    private static String bounded(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    private static void requireOne(int rows) {
        if (rows != 1) {
            throw new IllegalStateException("a rollout write changed " + rows + " rows, not 1");
        }
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
