package io.opencvm.vmmsim.fault;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many times each pRPC method was called since the counter started or was last reset, so a test can tell
 * e.g. how often the control plane probes a node ({@code GetMeta}, {@code Status}) per minute.
 */
public final class CallCounter {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile long sinceMs = System.currentTimeMillis();

    /** The counts since {@code sinceMs}, taken at {@code nowMs}. */
    public record Snapshot(long sinceMs, long nowMs, Map<String, Long> calls) {

        public long of(String method) {
            return calls.getOrDefault(method, 0L);
        }

        /** Calls of {@code method} per minute over the snapshot's window. */
        public double perMinute(String method) {
            long window = Math.max(1, nowMs - sinceMs);
            return of(method) * 60_000.0 / window;
        }
    }

    void record(String method) {
        counts.computeIfAbsent(method, m -> new LongAdder()).increment();
    }

    public Snapshot snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((method, n) -> copy.put(method, n.sum()));
        return new Snapshot(sinceMs, System.currentTimeMillis(), copy);
    }

    public void reset() {
        counts.clear();
        sinceMs = System.currentTimeMillis();
    }
}
