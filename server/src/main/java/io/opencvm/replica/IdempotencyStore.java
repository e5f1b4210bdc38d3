package io.opencvm.replica;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code idempotency_keys}. */
@Repository
class IdempotencyStore {

    record Entry(String fingerprint, String state, Integer status, String body, Instant lockedUntil, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Entry> lock(long workspaceId, String key) {
        return jdbc.sql("""
                        SELECT fingerprint, state, response_status, response_body, locked_until, expires_at
                        FROM idempotency_keys WHERE workspace_id = ? AND idem_key = ? FOR UPDATE""")
                .params(workspaceId, key)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getString(2),
                        rs.getObject(3) == null ? null : rs.getInt(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()))
                .optional();
    }

    void insert(long workspaceId, String key, String fingerprint, String token, Instant now, Instant lockedUntil,
                Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO idempotency_keys (workspace_id, idem_key, fingerprint, state, locked_until, created_at,
                                                      expires_at, claim_token)
                        VALUES (?, ?, ?, 'in_progress', ?, ?, ?, ?)""")
                .params(workspaceId, key, fingerprint, ts(lockedUntil), ts(now), ts(expiresAt), token)
                .update();
    }

    void restart(long workspaceId, String key, String fingerprint, String token, Instant now, Instant lockedUntil,
                 Instant expiresAt) {
        jdbc.sql("""
                        UPDATE idempotency_keys SET fingerprint = ?, state = 'in_progress', response_status = NULL,
                               response_body = NULL, locked_until = ?, created_at = ?, expires_at = ?, claim_token = ?
                        WHERE workspace_id = ? AND idem_key = ?""")
                .params(fingerprint, ts(lockedUntil), ts(now), ts(expiresAt), token, workspaceId, key)
                .update();
    }

    /** Moves the end of a claim that its request still holds; 0 when the key was taken over or completed. */
    int renew(long workspaceId, String key, String token, Instant lockedUntil) {
        return jdbc.sql("""
                        UPDATE idempotency_keys SET locked_until = ?
                        WHERE workspace_id = ? AND idem_key = ? AND claim_token = ? AND state = 'in_progress'""")
                .params(ts(lockedUntil), workspaceId, key, token)
                .update();
    }

    /** Records the final response; true when this caller still held the key (its claim, by token). */
    boolean complete(long workspaceId, String key, String token, int status, String body) {
        return jdbc.sql("""
                        UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ?
                        WHERE workspace_id = ? AND idem_key = ? AND claim_token = ? AND state = 'in_progress'""")
                .params(status, body, workspaceId, key, token)
                .update() == 1;
    }

    void forget(long workspaceId, String key, String token) {
        jdbc.sql("""
                        DELETE FROM idempotency_keys
                        WHERE workspace_id = ? AND idem_key = ? AND claim_token = ? AND state = 'in_progress'""")
                .params(workspaceId, key, token)
                .update();
    }

    /** Deletes keys past their retention, never a claim still held; returns how many. */
    int deleteExpired(Instant now) {
        return jdbc.sql("""
                        DELETE FROM idempotency_keys
                        WHERE expires_at <= ? AND NOT (state = 'in_progress' AND locked_until > ?)""")
                .params(ts(now), ts(now)).update();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
