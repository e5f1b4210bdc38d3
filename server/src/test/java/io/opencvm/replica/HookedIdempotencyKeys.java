package io.opencvm.replica;

import java.time.Clock;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@link IdempotencyKeys} with a test hook that runs inside the replica's transaction, just
 * before its response is recorded — after the row, the reservation and the operation are written. A
 * hook that blocks holds the request mid-transaction; one that throws is an unexpected failure there.
 */
class HookedIdempotencyKeys extends IdempotencyKeys {

    private volatile Runnable beforeRecord = () -> { };

    HookedIdempotencyKeys(IdempotencyStore store, Clock clock, PlatformTransactionManager transactions, JsonMapper json) {
        super(store, clock, transactions, json);
    }

    void beforeRecord(Runnable hook) {
        this.beforeRecord = hook;
    }

    void reset() {
        this.beforeRecord = () -> { };
    }

    @Override
    void recordWithin(Claim claim, ReplicaReply reply) {
        beforeRecord.run();
        super.recordWithin(claim, reply);
    }
}
