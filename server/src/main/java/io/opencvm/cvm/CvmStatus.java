package io.opencvm.cvm;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status users see, as one closed state machine (drawn in {@code docs/cvm-status.md}).
 * {@link #moveTo} holds every allowed move and throws on any other; {@link #decide} says what an API
 * action means in each status. The value itself is derived by {@link CvmStatusRule#derive}.
 */
public enum CvmStatus {
    PROVISIONING, STARTING, RUNNING, STOPPING, STOPPED, RESTARTING, DELETING, DELETED, FAILED;

    /** What an API action does in a status: enqueue an operation, answer at once (already there), or refuse (409). */
    public enum Decision { ENQUEUE, ALREADY, REFUSE }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CvmStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The statuses this one may move to (staying put is always allowed). */
    public Set<CvmStatus> next() {
        return switch (this) {
            case PROVISIONING -> EnumSet.of(STARTING, RUNNING, FAILED, DELETING);
            case STARTING -> EnumSet.of(RUNNING, FAILED, STOPPING, STOPPED, RESTARTING, DELETING);
            case RUNNING -> EnumSet.of(STARTING, STOPPING, STOPPED, RESTARTING, FAILED, DELETING);
            case STOPPING -> EnumSet.of(STOPPED, FAILED, DELETING);
            case STOPPED -> EnumSet.of(STARTING, RUNNING, FAILED, DELETING);
            case RESTARTING -> EnumSet.of(STARTING, RUNNING, STOPPING, FAILED, DELETING);
            case FAILED -> EnumSet.of(STARTING, RUNNING, STOPPING, STOPPED, RESTARTING, DELETING);
            case DELETING -> EnumSet.of(DELETED, FAILED);
            case DELETED -> EnumSet.noneOf(CvmStatus.class);
        };
    }

    /** The status after a move to {@code target}; an illegal move throws {@link IllegalTransition}. */
    public CvmStatus moveTo(CvmStatus target) {
        if (target == this || next().contains(target)) {
            return target;
        }
        throw new IllegalTransition(this, target);
    }

    public boolean live() {
        return this != DELETED;
    }

    public Decision decide(CvmAction action) {
        return switch (action) {
            case START -> switch (this) {
                case STOPPED, FAILED -> Decision.ENQUEUE;
                case PROVISIONING, STARTING, RUNNING, RESTARTING -> Decision.ALREADY;
                case STOPPING, DELETING, DELETED -> Decision.REFUSE;
            };
            case STOP -> switch (this) {
                case STARTING, RUNNING, RESTARTING, FAILED -> Decision.ENQUEUE;
                case STOPPING, STOPPED -> Decision.ALREADY;
                case PROVISIONING, DELETING, DELETED -> Decision.REFUSE;
            };
            case SHUTDOWN -> switch (this) {
                case RUNNING -> Decision.ENQUEUE;
                case STOPPING, STOPPED -> Decision.ALREADY;
                case PROVISIONING, STARTING, RESTARTING, FAILED, DELETING, DELETED -> Decision.REFUSE;
            };
            case RESTART -> switch (this) {
                case STARTING, RUNNING, FAILED -> Decision.ENQUEUE;
                case RESTARTING -> Decision.ALREADY;
                case PROVISIONING, STOPPING, STOPPED, DELETING, DELETED -> Decision.REFUSE;
            };
            case DELETE -> switch (this) {
                case PROVISIONING, STARTING, RUNNING, STOPPING, STOPPED, RESTARTING, FAILED -> Decision.ENQUEUE;
                case DELETING -> Decision.ALREADY;
                case DELETED -> Decision.REFUSE;
            };
        };
    }

    /** A move the state machine does not allow. */
    public static final class IllegalTransition extends IllegalStateException {
        IllegalTransition(CvmStatus from, CvmStatus to) {
            super("illegal CVM status move " + from.wire() + " -> " + to.wire());
        }
    }
}
