package io.opencvm.operation;

import io.opencvm.vmm.VmmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs operations one at a time for one worker: claim (short transaction, lease + fence), let the
 * handler act (remote calls outside any transaction), then settle the outcome with a fenced write.
 */
class OperationEngine {

    private static final Logger log = LoggerFactory.getLogger(OperationEngine.class);

    private final OperationStore store;
    private final OperationHandler handler;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Duration leaseDuration;
    private final LeaseRenewals renewals;

    OperationEngine(OperationStore store, OperationHandler handler, TransactionTemplate tx, Clock clock,
                    RetryPolicy retry, Duration leaseDuration) {
        this(store, handler, tx, clock, retry, new LeaseRenewals(store, clock, leaseDuration));
    }

    OperationEngine(OperationStore store, OperationHandler handler, TransactionTemplate tx, Clock clock,
                    RetryPolicy retry, LeaseRenewals renewals) {
        this.store = store;
        this.handler = handler;
        this.tx = tx;
        this.clock = clock;
        this.retry = retry;
        this.leaseDuration = renewals.leaseDuration();
        this.renewals = renewals;
    }

    /** Claims and runs the next due operation; false when none was due. */
    boolean runNext(String owner) {
        Optional<Operation> claimed = tx.execute(s -> {
            Instant now = clock.instant();
            return store.claimNext(owner, now, now.plus(leaseDuration));
        });
        if (claimed == null || claimed.isEmpty()) {
            return false;
        }
        Operation op = claimed.get();
        Lease lease = new Lease(store, tx, clock, op.id(), owner, op.claim().fence());
        renewals.hold(op.id(), lease);
        try {
            settle(op, lease, attempt(op, lease));
        } catch (LostLeaseException e) {
            log.warn("operation {} ({} of cvm {}): {}; another worker carries on", op.publicId(), op.kind().wire(),
                    op.cvmId(), e.getMessage());
        } finally {
            renewals.release(op.id());
        }
        return true;
    }

    private Outcome attempt(Operation op, Lease lease) {
        try {
            return handler.handle(op, lease);
        } catch (LostLeaseException e) {
            throw e;
        } catch (VmmException e) {
            return e.retryable() ? Outcome.retry(e.getMessage()) : Outcome.fail(e.getMessage());
        } catch (RuntimeException e) {
            log.error("operation {} ({} of cvm {}) failed unexpectedly", op.publicId(), op.kind().wire(), op.cvmId(), e);
            return Outcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void settle(Operation op, Lease lease, Outcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof Outcome.Done) {
            finish(op, lease, OperationState.SUCCEEDED, null, now);
        } else if (outcome instanceof Outcome.Fail f) {
            finish(op, lease, OperationState.FAILED, f.reason(), now);
        } else if (outcome instanceof Outcome.Retry r) {
            retry.delayAfter(op.attempts().failed()).ifPresentOrElse(
                    delay -> reschedule(op, lease, now.plus(delay), r.reason(), false, now),
                    () -> finish(op, lease, OperationState.FAILED, r.reason(), now));
        } else if (outcome instanceof Outcome.Wait w) {
            reschedule(op, lease, now.plus(retry.initial()), w.reason(), true, now);
        }
    }

    private void finish(Operation op, Lease lease, OperationState state, String error, Instant now) {
        tx.executeWithoutResult(s -> {
            if (store.finish(op.id(), lease.fence(), state, error, now) == 0) {
                throw new LostLeaseException(op.id(), lease.fence());
            }
            handler.settled(store.find(op.id()).orElseThrow());
        });
        if (state == OperationState.FAILED) {
            log.warn("operation {} ({} of cvm {}) failed after {} attempt(s): {}", op.publicId(), op.kind().wire(),
                    op.cvmId(), op.attempts().made(), error);
        } else {
            log.info("operation {} ({} of cvm {}) succeeded", op.publicId(), op.kind().wire(), op.cvmId());
        }
    }

    private void reschedule(Operation op, Lease lease, Instant next, String error, boolean waited, Instant now) {
        tx.executeWithoutResult(s -> {
            if (store.reschedule(op.id(), lease.fence(), next, error, waited, now) == 0) {
                throw new LostLeaseException(op.id(), lease.fence());
            }
        });
        log.info("operation {} ({} of cvm {}) attempt {} {}, again at {}: {}", op.publicId(), op.kind().wire(),
                op.cvmId(), op.attempts().made(), waited ? "waits" : "failed", next, error);
    }
}
