package io.opencvm.operation;

import java.util.Locale;

/** Where an operation is: waiting (maybe for a retry), held by a worker's lease, or finished. */
public enum OperationState {
    PENDING, RUNNING, SUCCEEDED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Not finished yet: the operation still counts as in progress for its CVM. */
    public boolean inFlight() {
        return switch (this) {
            case PENDING, RUNNING -> true;
            case SUCCEEDED, FAILED -> false;
        };
    }
}
