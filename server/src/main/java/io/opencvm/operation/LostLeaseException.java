package io.opencvm.operation;

/** A worker's fenced write changed nothing: another worker holds the operation now. */
public class LostLeaseException extends RuntimeException {

    public LostLeaseException(long operationId, long fence) {
        super("lease on operation " + operationId + " (fence " + fence + ") was lost");
    }
}
