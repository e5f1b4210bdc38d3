package io.opencvm.webhook;

import java.time.Instant;

/**
 * One event on its way to one endpoint. {@code id} is the row's number (the API's {@code snowflake_id});
 * {@code body} is the exact envelope every attempt sends; {@code fence} grows with every claim.
 */
record Delivery(long id, long webhookId, String eventId, String originalEventId, String eventType, String orderKey,
                String body, DeliveryState state, int attempts, int maxAttempts, Instant nextAttemptAt, long fence,
                String requestUrl, int responseStatus, String errorMessage, long durationMs, Instant createdAt,
                Instant attemptedAt, Instant deliveredAt) {
}
