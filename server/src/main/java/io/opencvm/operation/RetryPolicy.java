package io.opencvm.operation;

import java.time.Duration;
import java.util.Optional;

/**
 * Bounded exponential backoff: the n-th failed attempt waits {@code initial · 2^(n-1)}, capped at
 * {@code max}; after {@code maxAttempts} failed attempts the operation fails with its last reason.
 */
public record RetryPolicy(Duration initial, Duration max, int maxAttempts) {

    public RetryPolicy {
        if (initial.isNegative() || max.compareTo(initial) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy needs 0 <= initial <= max and maxAttempts >= 1");
        }
    }

    /** The wait before the next attempt after {@code attempts} failed ones, or empty when they are used up. */
    public Optional<Duration> delayAfter(int attempts) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        int exponent = Math.max(0, Math.min(attempts - 1, 30));
        Duration delay = initial.multipliedBy(1L << exponent);
        return Optional.of(delay.compareTo(max) > 0 ? max : delay);
    }
}
