package io.opencvm.replica;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or the deadline passes; the last value is returned for the assertion. */
final class Await {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    static <T> T until(Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
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
