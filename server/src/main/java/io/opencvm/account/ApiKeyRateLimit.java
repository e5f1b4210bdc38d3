package io.opencvm.account;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.opencvm.api.RateLimitExceeded;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-API-key request rate: at most {@code opencvm.limits.rate.requests-per-period} requests per
 * {@code opencvm.limits.rate.period} for each key (a dashboard session counts as its key), else 429 ERR-00-009
 * with {@code Retry-After}. Counted after the key is authenticated, so only real keys get a limiter (their number
 * is bounded by the keys issued). 0 requests turns it off. resilience4j's {@link AtomicRateLimiter} does the
 * counting: a lock-free permit cycle per key that never waits (timeout 0).
 */
@Component
class ApiKeyRateLimit {

    private final RateLimiterRegistry registry;
    private final boolean enabled;

    ApiKeyRateLimit(@Value("${opencvm.limits.rate.requests-per-period:100}") int requestsPerPeriod,
                    @Value("${opencvm.limits.rate.period:PT1S}") Duration period) {
        this.enabled = requestsPerPeriod > 0;
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, requestsPerPeriod))
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    /** Takes one permit of {@code keyIdentity} (a key hash, never the key), or refuses with 429 and when to retry. */
    void acquire(String keyIdentity) {
        if (!enabled) {
            return;
        }
        RateLimiter limiter = registry.rateLimiter(keyIdentity);
        if (!limiter.acquirePermission()) {
            throw new RateLimitExceeded(retryAfterSeconds(limiter));
        }
    }

    private static long retryAfterSeconds(RateLimiter limiter) {
        long nanos = limiter instanceof AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait()
                : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
