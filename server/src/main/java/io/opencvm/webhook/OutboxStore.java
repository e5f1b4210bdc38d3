package io.opencvm.webhook;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the outbox of events: one INSERT beside a CVM change; fan-out claims rows with SKIP LOCKED. */
@Repository
class OutboxStore {

    private final JdbcClient jdbc;

    OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String publicId, long workspaceId, String eventType, String orderKey, String data, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_events (public_id, workspace_id, event_type, order_key, data, created_at,
                                                    fanned_out)
                        VALUES (?, ?, ?, ?, ?, ?, FALSE)""")
                .params(publicId, workspaceId, eventType, orderKey, data, WebhookStore.ts(now)).update();
    }

    /** Inserts the event unless one of this type with this order key exists already (one statement). */
    void insertOnce(String publicId, long workspaceId, String eventType, String orderKey, String data, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_events (public_id, workspace_id, event_type, order_key, data, created_at,
                                                    fanned_out)
                        SELECT ?, ?, ?, ?, ?, ?, FALSE
                        WHERE NOT EXISTS (SELECT 1 FROM webhook_events WHERE order_key = ? AND event_type = ?)""")
                .params(publicId, workspaceId, eventType, orderKey, data, WebhookStore.ts(now), orderKey, eventType)
                .update();
    }

    /** The oldest events not yet fanned out, locked (skipping those another worker holds). In a transaction. */
    List<OutboxEvent> claimUnfanned(int limit) {
        return jdbc.sql("""
                        SELECT * FROM webhook_events WHERE fanned_out = FALSE ORDER BY id LIMIT ?
                        FOR UPDATE SKIP LOCKED""")
                .param(limit)
                .query((rs, n) -> new OutboxEvent(rs.getLong("id"), rs.getString("public_id"), rs.getLong("workspace_id"),
                        rs.getString("event_type"), rs.getString("order_key"), rs.getString("data"),
                        WebhookStore.instant(rs, "created_at")))
                .list();
    }

    void markFannedOut(List<Long> pks) {
        jdbc.sql("UPDATE webhook_events SET fanned_out = TRUE WHERE id IN (:pks)").param("pks", pks).update();
    }
}
