package io.opencvm.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for endpoints. Every read and write is scoped to the workspace. */
@Repository
class WebhookStore {

    private final JdbcClient jdbc;

    WebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Webhook insert(String publicId, long workspaceId, String url, String name, List<String> events, String sealed,
                   Instant now) {
        jdbc.sql("""
                        INSERT INTO webhooks (public_id, workspace_id, url, name, events, secret_sealed, enabled,
                                              created_at, updated_at)
                        VALUES (:pid, :ws, :url, :name, :events, :sealed, TRUE, :now, :now)""")
                .param("pid", publicId).param("ws", workspaceId).param("url", url).param("name", name)
                .param("events", String.join(",", events)).param("sealed", sealed).param("now", ts(now))
                .update();
        return find(workspaceId, publicId).orElseThrow();
    }

    Optional<Webhook> find(long workspaceId, String publicId) {
        return jdbc.sql("SELECT * FROM webhooks WHERE workspace_id = ? AND public_id = ?")
                .params(workspaceId, publicId).query(WebhookStore::row).optional();
    }

    Optional<Webhook> find(long pk) {
        return jdbc.sql("SELECT * FROM webhooks WHERE id = ?").param(pk).query(WebhookStore::row).optional();
    }

    List<Webhook> ofWorkspace(long workspaceId) {
        return jdbc.sql("SELECT * FROM webhooks WHERE workspace_id = ? ORDER BY id")
                .param(workspaceId).query(WebhookStore::row).list();
    }

    /** The enabled endpoints of a workspace, in a stable order (each filters by event itself). */
    List<Webhook> enabledOfWorkspace(long workspaceId) {
        return jdbc.sql("SELECT * FROM webhooks WHERE workspace_id = ? AND enabled = TRUE ORDER BY id")
                .param(workspaceId).query(WebhookStore::row).list();
    }

    void update(long pk, String url, String name, List<String> events, boolean enabled, Instant now) {
        jdbc.sql("""
                        UPDATE webhooks SET url = :url, name = :name, events = :events, enabled = :enabled,
                                            updated_at = :now WHERE id = :id""")
                .param("url", url).param("name", name).param("events", String.join(",", events))
                .param("enabled", enabled).param("now", ts(now)).param("id", pk)
                .update();
    }

    void replaceSecret(long pk, String sealed, Instant now) {
        jdbc.sql("UPDATE webhooks SET secret_sealed = ?, updated_at = ? WHERE id = ?").params(sealed, ts(now), pk).update();
    }

    /** Deletes the endpoint and (by cascade) its deliveries. */
    void delete(long pk) {
        jdbc.sql("DELETE FROM webhooks WHERE id = ?").param(pk).update();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Webhook row(ResultSet rs, int n) throws SQLException {
        String events = rs.getString("events");
        return new Webhook(rs.getLong("id"), rs.getString("public_id"), rs.getLong("workspace_id"), rs.getString("url"),
                rs.getString("name"), events.isEmpty() ? List.of() : Arrays.asList(events.split(",")),
                rs.getString("secret_sealed"), rs.getBoolean("enabled"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
