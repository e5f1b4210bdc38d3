package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmStatus;
import io.opencvm.cvm.DesiredState;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationQueue;
import io.opencvm.operation.OperationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One reconcile step of a rollout, level-triggered: it gets a due rollout (its row locked, so of several server
 * instances one advances it), reads the whole truth from the database (the step being updated, its operation, its
 * CVM as the reconciler last saw it) and acts on the difference: wait, mark the instance done and start the next
 * one, or halt on a failure. Finishing one instance and starting the next are one transaction, so a kill between
 * polls never leaves two instances updating nor skips one; nothing here calls a node.
 */
@Component
class RolloutAdvance {

    /** What the instance being updated has come to. */
    private sealed interface Check {
        record Wait() implements Check {
        }

        record Done() implements Check {
        }

        record Failed(String reason) implements Check {
        }
    }

    private final RolloutStore store;
    private final Rollouts rollouts;
    private final CvmService cvms;
    private final OperationQueue operations;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration interval;

    RolloutAdvance(RolloutStore store, Rollouts rollouts, CvmService cvms, OperationQueue operations,
                   TransactionTemplate tx, Clock clock,
                   @Value("${opencvm.rollouts.poll-interval:PT0.5S}") Duration interval) {
        this.store = store;
        this.rollouts = rollouts;
        this.cvms = cvms;
        this.operations = operations;
        this.tx = tx;
        this.clock = clock;
        this.interval = interval;
    }

    Duration interval() {
        return interval;
    }

    /** Advances the rolling rollout that is due first; false when none is due. */
    boolean runNext(String owner) {
        AtomicReference<Rollout> claimed = new AtomicReference<>();
        try {
            return Boolean.TRUE.equals(tx.execute(s -> {
                Instant now = clock.instant();
                Optional<Rollout> due = store.claimDue(now);
                due.ifPresent(r -> {
                    claimed.set(r);
                    store.checkAgainAt(r.id(), now.plus(interval));
                    advance(r);
                });
                return due.isPresent();
            }));
        } catch (ApiException refused) {
            // Starting the next instance's update was refused and rolled back: decide on it in a transaction of its own.
            Rollout r = claimed.get();
            if (r == null) {
                throw refused;
            }
            tx.executeWithoutResult(s -> refusedStart(r, refused));
            return true;
        }
    }

    private void advance(Rollout r) {
        Optional<RolloutStep> current = r.updating();
        if (current.isPresent()) {
            Check check = check(r, current.get());
            if (check instanceof Check.Wait) {
                return;
            }
            if (check instanceof Check.Failed failed) {
                halt(r, current.get(), failed.reason());
                return;
            }
            store.finishStep(r.id(), current.get().seq(), StepState.DONE, null, clock.instant());
        }
        Optional<RolloutStep> next = r.nextPending();
        if (next.isEmpty()) {
            store.end(r.id(), r.state().endAs(RolloutState.COMPLETED), null, clock.instant());
        } else if (r.cancelRequested()) {
            store.end(r.id(), r.state().endAs(RolloutState.CANCELLED), "cancelled before instance " + next.get().seq()
                    + " (" + next.get().cvmName() + ")", clock.instant());
        } else {
            startNext(r, next.get());
        }
    }

    /**
     * Done once the update operation succeeded and the CVM runs the target revision by a report of its node newer than
     * that operation (the status rule counts no older report as running); failed when the operation failed, or the
     * guest's boot failed, or the CVM was stopped or deleted meanwhile.
     */
    private Check check(Rollout r, RolloutStep step) {
        Operation op = operations.find(step.operationId()).orElseThrow();
        if (op.inFlight()) {
            return new Check.Wait();
        }
        if (op.state() == OperationState.FAILED) {
            String error = op.attempts().lastError();
            return new Check.Failed("its update operation " + op.publicId() + " failed"
                    + (error == null ? "" : ": " + error));
        }
        Optional<Cvm> cvm = liveCvm(r, step.cvmId());
        if (cvm.isEmpty()) {
            return new Check.Failed("the CVM was deleted during the rollout");
        }
        if (cvm.get().state().desired() != DesiredState.RUNNING) {
            return new Check.Failed("the CVM was stopped during the rollout");
        }
        CvmStatus status = cvm.get().status();
        if (status == CvmStatus.FAILED) {
            String bootError = cvm.get().state().observed().bootError();
            return new Check.Failed("its boot failed" + (bootError == null || bootError.isEmpty() ? "" : ": " + bootError));
        }
        boolean onTarget = cvm.get().composeHash().equals(r.composeHash());
        return status == CvmStatus.RUNNING && onTarget ? new Check.Done() : new Check.Wait();
    }

    /**
     * Starts the next instance when it can be: it must still be live and wanted running; while another operation of
     * it is in flight (a restart someone asked for) the rollout waits.
     */
    private void startNext(Rollout r, RolloutStep next) {
        Optional<Cvm> cvm = liveCvm(r, next.cvmId());
        if (cvm.isEmpty() || cvm.get().state().desired() != DesiredState.RUNNING) {
            halt(r, next, cvm.isEmpty() ? "the CVM was deleted before its turn" : "the CVM was stopped before its turn");
            return;
        }
        if (operations.latestFor(next.cvmId()).map(Operation::inFlight).orElse(false)) {
            return;
        }
        rollouts.startStep(r, next, cvm.get());
    }

    /** A refused start halts the rollout, unless another operation of the CVM got in first: then it waits. */
    private void refusedStart(Rollout claimed, ApiException refused) {
        Rollout r = store.lock(claimed.id()).orElseThrow();
        store.checkAgainAt(r.id(), clock.instant().plus(interval));
        if (refused.errorCode() == ErrorCode.CVM_OPERATION_IN_PROGRESS) {
            return;
        }
        Optional<RolloutStep> next = r.nextPending();
        if (r.state() != RolloutState.ROLLING || r.updating().isPresent() || next.isEmpty()) {
            return; // moved on meanwhile
        }
        halt(r, next.get(), "its update was refused: " + refused.getMessage());
    }

    private void halt(Rollout r, RolloutStep step, String reason) {
        Instant now = clock.instant();
        store.finishStep(r.id(), step.seq(), StepState.FAILED, reason, now);
        store.end(r.id(), r.state().endAs(RolloutState.HALTED), "instance " + step.seq() + " (" + step.cvmName()
                + ") failed: " + reason, now);
    }

    private Optional<Cvm> liveCvm(Rollout r, long cvmId) {
        return cvms.liveOfApp(r.appPk()).stream().filter(c -> c.id() == cvmId).findFirst();
    }
}
