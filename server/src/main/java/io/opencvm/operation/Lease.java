package io.opencvm.operation;

import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker's claim on one operation: the fence it claimed with. Every database write of a handler
 * goes through {@link #write}, which first re-checks the fence in the same transaction; when another
 * worker has taken the operation over, the write changes nothing and {@link LostLeaseException} is thrown.
 */
public final class Lease {

    private final OperationStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final long operationId;
    private final String owner;
    private final long fence;

    Lease(OperationStore store, TransactionTemplate tx, Clock clock, long operationId, String owner, long fence) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.operationId = operationId;
        this.owner = owner;
        this.fence = fence;
    }

    public long fence() {
        return fence;
    }

    public String owner() {
        return owner;
    }

    /** Runs {@code work} in a transaction that commits only while this lease still holds. */
    public <T> T write(Supplier<T> work) {
        return tx.execute(status -> {
            confirm();
            return work.get();
        });
    }

    public void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /** Inside the caller's transaction: proves the lease holds (and locks the operation row) or throws. */
    void confirm() {
        int rows = store.confirm(operationId, owner, fence, clock.instant());
        if (rows == 0) {
            throw new LostLeaseException(operationId, fence);
        }
        if (rows > 1) {
            throw new IllegalStateException("fenced write touched " + rows + " operation rows");
        }
    }
}
