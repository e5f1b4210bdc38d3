package io.opencvm.cvm;

import io.opencvm.operation.OperationKind;

/** A power or delete request of the API, with the desired state it asks for and the operation that carries it out. */
public enum CvmAction {
    START, STOP, SHUTDOWN, RESTART, DELETE;

    public DesiredState desired() {
        return switch (this) {
            case START, RESTART -> DesiredState.RUNNING;
            case STOP, SHUTDOWN -> DesiredState.STOPPED;
            case DELETE -> DesiredState.DELETED;
        };
    }

    public OperationKind operation() {
        return switch (this) {
            case START -> OperationKind.START;
            case STOP -> OperationKind.STOP;
            case SHUTDOWN -> OperationKind.SHUTDOWN;
            case RESTART -> OperationKind.RESTART;
            case DELETE -> OperationKind.DELETE;
        };
    }
}
