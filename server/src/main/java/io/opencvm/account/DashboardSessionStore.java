package io.opencvm.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code dashboard_sessions}; sessions are found by the hash of their cookie value only. */
@Repository
class DashboardSessionStore {

    /** A session that is neither expired nor signed out, with the hash of the API key it acts as. */
    record Live(long id, String keyHash, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    DashboardSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of an unrevoked API key with this hash. */
    Optional<Long> activeKeyId(String keyHash) {
        return jdbc.sql("SELECT id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .param(keyHash).query(Long.class).optional();
    }

    void insert(String sessionHash, long apiKeyId, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO dashboard_sessions (session_hash, api_key_id, created_at, expires_at)
                        VALUES (?, ?, ?, ?)""")
                .params(sessionHash, apiKeyId, now.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<Live> findLive(String sessionHash, Instant now) {
        return jdbc.sql("""
                        SELECT s.id, k.key_hash, s.expires_at
                        FROM dashboard_sessions s JOIN api_keys k ON k.id = s.api_key_id
                        WHERE s.session_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?""")
                .params(sessionHash, now.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Live(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /** True when a live session was signed out by this call. */
    boolean revoke(String sessionHash, Instant now) {
        return jdbc.sql("UPDATE dashboard_sessions SET revoked_at = ? WHERE session_hash = ? AND revoked_at IS NULL")
                .params(now.atOffset(ZoneOffset.UTC), sessionHash)
                .update() == 1;
    }

    /** Forgets sessions that ended before {@code before}; they can never authenticate again. */
    int deleteEndedBefore(Instant before) {
        return jdbc.sql("DELETE FROM dashboard_sessions WHERE expires_at < ?")
                .param(before.atOffset(ZoneOffset.UTC))
                .update();
    }
}
