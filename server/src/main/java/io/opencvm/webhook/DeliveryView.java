package io.opencvm.webhook;

/** {@code WebhookDeliveryResponse}; {@code snowflake_id} is the delivery's row number. */
record DeliveryView(long snowflake_id, String event_id, String event_type, String status, int attempts,
                    String request_url, int response_status, String error_message, long duration_ms, String created_at,
                    String delivered_at, String original_event_id) {

    static DeliveryView of(Delivery d) {
        return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.state().wire(), d.attempts(), d.requestUrl(),
                d.responseStatus(), d.errorMessage(), d.durationMs(), d.createdAt().toString(),
                d.deliveredAt() == null ? null : d.deliveredAt().toString(), d.originalEventId());
    }
}
