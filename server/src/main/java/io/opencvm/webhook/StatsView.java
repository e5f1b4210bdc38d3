package io.opencvm.webhook;

/** {@code WebhookStatsResponse}; {@code success_rate} is a fraction of the deliveries that ended (0 to 1). */
record StatsView(long total, long success_count, long failed_count, double success_rate, long avg_duration_ms,
                 long max_duration_ms, String last_delivery_at) {

    static StatsView of(DeliveryStats s) {
        return new StatsView(s.total(), s.successCount(), s.failedCount(), s.successRate(), s.avgDurationMs(),
                s.maxDurationMs(), s.lastDeliveryAt() == null ? null : s.lastDeliveryAt().toString());
    }
}
