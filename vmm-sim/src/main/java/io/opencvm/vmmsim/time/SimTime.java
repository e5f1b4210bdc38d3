package io.opencvm.vmmsim.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulator's only source of "now" and of delayed work, so tests can replace both. */
public interface SimTime extends AutoCloseable {

    Instant now();

    default long nowMillis() {
        return now().toEpochMilli();
    }

    /** A {@link Clock} view of this time, for code that takes a clock. */
    default Clock asClock() {
        SimTime self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }

    /** Runs {@code task} once, {@code delay} from now (zero = as soon as the scheduler gets to it). */
    void schedule(Duration delay, Runnable task);

    @Override
    void close();
}
