package io.opencvm.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a failed attempt is tried again: after the first failure {@code delays[0]}, after the second
 * {@code delays[1]}, …; one attempt more than there are delays, then the delivery has failed.
 * Default 1 min, 10 min, 1 h: four attempts.
 */
record RetrySchedule(List<Duration> delays) {

    int maxAttempts() {
        return delays.size() + 1;
    }

    /** When to try again after attempt number {@code attempt} (1-based) failed at {@code now}; null when none is left. */
    Instant nextAfter(int attempt, int maxAttempts, Instant now) {
        if (attempt >= maxAttempts || attempt > delays.size()) {
            return null;
        }
        return now.plus(delays.get(attempt - 1));
    }
}
