package io.opencvm.operation;

import java.util.Locale;

/**
 * What an operation does to a CVM's VM on its node. {@code UPDATE} brings the VM to the CVM's current spec
 * (compose, env, resources) with dstack's {@code UpdateVm}, stopping it first and starting it again when it should run.
 */
public enum OperationKind {
    CREATE, START, STOP, SHUTDOWN, RESTART, DELETE, UPDATE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
