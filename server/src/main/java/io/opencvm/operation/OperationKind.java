package io.opencvm.operation;

import java.util.Locale;

/** What an operation does to a CVM's VM on its node. */
public enum OperationKind {
    CREATE, START, STOP, SHUTDOWN, RESTART, DELETE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
