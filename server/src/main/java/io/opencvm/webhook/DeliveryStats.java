package io.opencvm.webhook;

import java.time.Instant;

/** Figures over every delivery of one endpoint; {@code lastDeliveryAt} is the newest attempt, null before any. */
record DeliveryStats(long total, long successCount, long failedCount, long avgDurationMs, long maxDurationMs,
                     Instant lastDeliveryAt) {

    /** Successes among the deliveries that ended (0 when none has). */
    double successRate() {
        long ended = successCount + failedCount;
        return ended == 0 ? 0.0 : (double) successCount / ended;
    }
}
