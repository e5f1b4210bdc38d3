package io.opencvm.replica;

import io.opencvm.onchain.CommitTokens;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes what replicate keeps only for a while, once its time is over: Idempotency-Keys past their 24 h (never a
 * claim still held) and commit tokens past their 14 days, used or not. Every instance runs it; each delete is one
 * statement, so instances never collide.
 */
@Component
public class ReplicaPurge {

    private static final Logger log = LoggerFactory.getLogger(ReplicaPurge.class);

    private final IdempotencyStore keys;
    private final CommitTokens tokens;
    private final Clock clock;

    ReplicaPurge(IdempotencyStore keys, CommitTokens tokens, Clock clock) {
        this.keys = keys;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${opencvm.purge.interval:PT15M}", initialDelayString = "${opencvm.purge.initial-delay:PT1M}")
    void scheduled() {
        purgeExpired();
    }

    /** Deletes the expired rows now; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        int expiredKeys = keys.deleteExpired(now);
        int expiredTokens = tokens.deleteExpired(now);
        if (expiredKeys + expiredTokens > 0) {
            log.info("purged {} expired idempotency key(s) and {} expired commit token(s)", expiredKeys, expiredTokens);
        }
        return expiredKeys + expiredTokens;
    }
}
