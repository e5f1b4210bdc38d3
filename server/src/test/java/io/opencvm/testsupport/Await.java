package io.opencvm.testsupport;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or the deadline passes; the last value is returned for the assertion. The one
 * polling helper is {@link io.opencvm.vmmsim.Await} (vmm-sim's test jar, shared with the reliability harnesses);
 * this name stays for the server's tests.
 */
public final class Await {

    public static final Duration DEADLINE = io.opencvm.vmmsim.Await.DEADLINE;

    private Await() {
    }

    public static <T> T until(Supplier<T> probe, Predicate<T> done) {
        return io.opencvm.vmmsim.Await.until(probe, done);
    }

    public static <T> T until(Supplier<T> probe, Predicate<T> done, Duration timeout) {
        return io.opencvm.vmmsim.Await.until(probe, done, timeout);
    }
}
