package io.opencvm.cvm;

import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationKind;
import io.opencvm.operation.OperationState;
import java.time.Instant;

/** The part of a CVM's newest operation that its status depends on. */
public record OperationView(OperationKind kind, OperationState state, Instant finishedAt) {

    public static OperationView of(Operation op) {
        return op == null ? null : new OperationView(op.kind(), op.state(), op.times().finishedAt());
    }

    public boolean inFlight() {
        return state.inFlight();
    }
}
