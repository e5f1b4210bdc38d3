package io.opencvm.api;

/** 429 ERR-00-009: a caller sent more requests than its rate allows; rendered with {@code Retry-After}. */
public final class RateLimitExceeded extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitExceeded(long retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, "Too many requests for this API key; retry after " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
