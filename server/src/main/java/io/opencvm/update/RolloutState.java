package io.opencvm.update;

import java.util.Locale;

/**
 * Where a rollout is: rolling (one instance at a time), or ended: every instance updated ({@code completed}), stopped
 * at a failed instance ({@code halted}) or stopped before the next instance on request ({@code cancelled}).
 */
enum RolloutState {
    ROLLING, COMPLETED, HALTED, CANCELLED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RolloutState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    boolean ended() {
        return switch (this) {
            case ROLLING -> false;
            case COMPLETED, HALTED, CANCELLED -> true;
        };
    }

    /** The one allowed move: a rolling rollout ends; an ended one never moves again. */
    RolloutState endAs(RolloutState next) {
        if (ended() || !next.ended()) {
            throw new IllegalStateException("a rollout cannot go from " + wire() + " to " + next.wire());
        }
        return next;
    }
}
