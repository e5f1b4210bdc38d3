package io.opencvm.cvm;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or the deadline passes; the last value is returned for the assertion. */
final class Await {

    private Await() {
    }

    static <T> T until(Supplier<T> probe, java.util.function.Predicate<T> done, Duration timeout) {
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
