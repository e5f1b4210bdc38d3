package io.opencvm.replica;

import java.time.Clock;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@link IdempotencyKeys} with a test hook that runs inside the replica's transaction, just
 * before its response is recorded — after the row, the reservation and the operation are written. A
 * hook that blocks holds the request mid-transaction; one that throws is an unexpected failure there. Its claim
 * renewals can be frozen, as a dead or frozen holder's are.
 */
class HookedIdempotencyKeys extends IdempotencyKeys {

    private volatile Runnable beforeRecord = () -> { };
    private volatile boolean renewalsFrozen;

    HookedIdempotencyKeys(IdempotencyStore store, Clock clock, PlatformTransactionManager transactions, JsonMapper json) {
        super(store, clock, transactions, json);
    }

    void beforeRecord(Runnable hook) {
        this.beforeRecord = hook;
    }

    /** Stands for a holder that is frozen (or dead): its claims are no longer renewed. */
    void freezeRenewals() {
        this.renewalsFrozen = true;
    }

    void reset() {
        this.beforeRecord = () -> { };
        this.renewalsFrozen = false;
    }

    @Override
    void renewHeld() {
        if (!renewalsFrozen) {
            super.renewHeld();
        }
    }

    @Override
    void recordWithin(Claim claim, ReplicaReply reply) {
        beforeRecord.run();
        super.recordWithin(claim, reply);
    }
}
