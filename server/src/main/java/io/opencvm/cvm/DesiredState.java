package io.opencvm.cvm;

import java.util.Locale;

/** What the API was asked for; only API requests write it. */
public enum DesiredState {
    RUNNING, STOPPED, DELETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DesiredState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
