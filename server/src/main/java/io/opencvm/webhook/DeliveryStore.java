package io.opencvm.webhook;

import static io.opencvm.webhook.WebhookStore.instant;
import static io.opencvm.webhook.WebhookStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for deliveries. A delivery is claimable when it is due (or its lease ran out), no older unfinished
 * delivery with its order key waits before it on the same endpoint (per-CVM order), and its endpoint has no
 * other attempt in flight (so one slow endpoint holds at most one worker). Every write after a claim is
 * conditional on the fence it claimed with.
 */
@Repository
class DeliveryStore {

    private static final String CLAIMABLE = """
            ((d.state = 'pending' AND d.next_attempt_at <= :now) OR (d.state = 'delivering' AND d.lease_until < :now))
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                              WHERE p.webhook_id = d.webhook_id AND p.order_key = d.order_key AND p.id < d.id
                                AND p.state IN ('pending', 'delivering'))
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries b
                              WHERE b.webhook_id = d.webhook_id AND b.id <> d.id AND b.state = 'delivering'
                                AND b.lease_until >= :now)""";

    private final JdbcClient jdbc;

    DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a delivery unless this endpoint already has one for this event id; returns its row id either way. */
    long insertIfAbsent(long webhookId, String eventId, String originalEventId, String eventType, String orderKey,
                        String body, int maxAttempts, String url, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (webhook_id, event_id, original_event_id, event_type, order_key,
                                                        body, state, attempts, max_attempts, next_attempt_at, fence,
                                                        request_url, response_status, error_message, duration_ms,
                                                        created_at)
                        VALUES (:wh, :evt, :orig, :type, :key, :body, 'pending', 0, :max, :now, 0, :url, 0, '', 0, :now)
                        ON CONFLICT DO NOTHING""")
                .param("wh", webhookId).param("evt", eventId).param("orig", originalEventId).param("type", eventType)
                .param("key", orderKey).param("body", body).param("max", maxAttempts).param("url", url)
                .param("now", ts(now))
                .update();
        return jdbc.sql("SELECT id FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?")
                .params(webhookId, eventId).query(Long.class).single();
    }

    Optional<Delivery> find(long id) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE id = ?").param(id).query(DeliveryStore::row).optional();
    }

    Optional<Delivery> findByEvent(long webhookId, String eventId) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?")
                .params(webhookId, eventId).query(DeliveryStore::row).optional();
    }

    /** Claims the next claimable delivery (or exactly {@code onlyId} when given) for {@code owner}. In a transaction. */
    Optional<Delivery> claim(Long onlyId, String owner, Instant now, Instant leaseUntil) {
        Optional<long[]> due = jdbc.sql("SELECT d.id, d.fence, d.webhook_id FROM webhook_deliveries d WHERE " + CLAIMABLE
                        + " AND (CAST(:only AS BIGINT) IS NULL OR d.id = :only)"
                        + " ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE SKIP LOCKED")
                .param("now", ts(now)).param("only", onlyId)
                .query((rs, n) -> new long[] {rs.getLong("id"), rs.getLong("fence"), rs.getLong("webhook_id")}).optional();
        if (due.isEmpty() || !endpointIdle(due.get()[2], due.get()[0], now)) {
            return Optional.empty();
        }
        int rows = jdbc.sql("""
                        UPDATE webhook_deliveries SET state = 'delivering', lease_owner = :owner, lease_until = :until,
                                                      fence = fence + 1
                        WHERE id = :id AND fence = :fence""")
                .param("owner", owner).param("until", ts(leaseUntil)).param("id", due.get()[0])
                .param("fence", due.get()[1])
                .update();
        if (rows > 1) {
            throw new IllegalStateException("claim touched " + rows + " delivery rows");
        }
        return rows == 0 ? Optional.empty() : find(due.get()[0]);
    }

    /**
     * Two workers may pick deliveries of one endpoint at the same moment, each before the other's claim is
     * committed: the endpoint's row is locked and its in-flight attempts counted again, so only one wins.
     */
    private boolean endpointIdle(long webhookId, long deliveryId, Instant now) {
        jdbc.sql("SELECT id FROM webhooks WHERE id = ? FOR UPDATE").param(webhookId).query(Long.class).optional();
        return jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = ? AND id <> ?"
                        + " AND state = 'delivering' AND lease_until >= ?")
                .params(webhookId, deliveryId, ts(now)).query(Long.class).single() == 0;
    }

    /**
     * Records one attempt and what follows it ({@code next}: pending with {@code nextAttemptAt}, success or
     * failed); 0 rows when another worker took the delivery over meanwhile.
     */
    int recordAttempt(Delivery claimed, String url, WebhookSender.Attempt attempt, DeliveryState next,
                      Instant nextAttemptAt, Instant now) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET state = :state, attempts = attempts + 1, lease_owner = NULL,
                               lease_until = NULL, next_attempt_at = :next, response_status = :status,
                               error_message = :error, duration_ms = :duration, attempted_at = :now,
                               delivered_at = :delivered, request_url = :url
                        WHERE id = :id AND fence = :fence AND state = 'delivering'""")
                .param("state", next.wire()).param("next", ts(nextAttemptAt)).param("status", attempt.status())
                .param("error", clip(attempt.error())).param("duration", attempt.durationMs()).param("now", ts(now))
                .param("delivered", next == DeliveryState.SUCCESS ? ts(now) : null)
                .param("url", url).param("id", claimed.id()).param("fence", claimed.fence())
                .update();
    }

    List<Delivery> page(long webhookId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(webhookId, limit, offset).query(DeliveryStore::row).list();
    }

    DeliveryStats stats(long webhookId) {
        return jdbc.sql("""
                        SELECT COUNT(*) AS total,
                               COALESCE(SUM(CASE WHEN state = 'success' THEN 1 ELSE 0 END), 0) AS ok,
                               COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
                               COALESCE(AVG(CASE WHEN attempts > 0 THEN duration_ms END), 0) AS avg_ms,
                               COALESCE(MAX(duration_ms), 0) AS max_ms,
                               MAX(attempted_at) AS last_at
                        FROM webhook_deliveries WHERE webhook_id = ?""")
                .param(webhookId)
                .query((rs, n) -> new DeliveryStats(rs.getLong("total"), rs.getLong("ok"), rs.getLong("failed"),
                        Math.round(rs.getDouble("avg_ms")), rs.getLong("max_ms"), instant(rs, "last_at")))
                .single();
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static Delivery row(ResultSet rs, int n) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getLong("webhook_id"), rs.getString("event_id"),
                rs.getString("original_event_id"), rs.getString("event_type"), rs.getString("order_key"),
                rs.getString("body"), DeliveryState.fromWire(rs.getString("state")), rs.getInt("attempts"),
                rs.getInt("max_attempts"), instant(rs, "next_attempt_at"), rs.getLong("fence"),
                rs.getString("request_url"), rs.getInt("response_status"), rs.getString("error_message"),
                rs.getLong("duration_ms"), instant(rs, "created_at"), instant(rs, "attempted_at"),
                instant(rs, "delivered_at"));
    }
}
