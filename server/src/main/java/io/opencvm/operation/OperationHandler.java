package io.opencvm.operation;

/**
 * Carries out operations. Implementations must be idempotent by identity: an attempt may be repeated
 * after a crash, so it first looks at what already exists before it acts.
 */
public interface OperationHandler {

    /**
     * Performs one attempt. Remote calls happen outside any transaction; database writes go through
     * {@link Lease#write} so that a worker that lost its lease changes nothing. A
     * {@link io.opencvm.vmm.VmmException} thrown here is retried when retryable, else fails the operation.
     */
    Outcome handle(Operation operation, Lease lease);

    /** Called in the same transaction that marks the operation succeeded or failed. */
    void settled(Operation operation);
}
