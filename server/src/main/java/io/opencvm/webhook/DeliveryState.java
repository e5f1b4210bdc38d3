package io.opencvm.webhook;

import java.util.Locale;

/** pending (waiting for its first or next attempt) → delivering (claimed) → success, or failed once attempts run out. */
enum DeliveryState {
    PENDING, DELIVERING, SUCCESS, FAILED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DeliveryState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
