package io.opencvm.update;

import java.util.Locale;

/** Where one instance of a rollout is: not started, its update under way, updated and running, or failed. */
enum StepState {
    PENDING, UPDATING, DONE, FAILED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static StepState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
