package io.opencvm.node;

import java.time.Duration;
import java.time.Instant;

/**
 * A periodic duty towards each node that one control-plane instance at a time carries out per interval: probing
 * it ({@code Version}, {@code GetMeta}, {@code ListImages}) and reconciling its VMs ({@code Status}). The column
 * holds when an instance last took its turn.
 */
public enum NodeDuty {
    PROBE("probed_at"),
    RECONCILE("reconciled_at");

    private final String column;

    NodeDuty(String column) {
        this.column = column;
    }

    String column() {
        return column;
    }

    /** A turn may be taken when the last is at least nine tenths of an interval old (schedules drift a little). */
    static Instant turnCutoff(Instant now, Duration interval) {
        return now.minus(interval.multipliedBy(9).dividedBy(10));
    }
}
