package io.opencvm.testsupport;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or the deadline passes; the last value is returned for the assertion. */
public final class Await {

    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    public static <T> T until(Supplier<T> probe, Predicate<T> done) {
        return until(probe, done, DEADLINE);
    }

    public static <T> T until(Supplier<T> probe, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = probe.get();
        }
        return value;
    }
}
