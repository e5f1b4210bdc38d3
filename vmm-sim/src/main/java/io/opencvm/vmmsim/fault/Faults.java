package io.opencvm.vmmsim.fault;

import io.opencvm.vmmsim.fault.FaultSet.ErrorAnswer;
import io.opencvm.vmmsim.fault.FaultSet.Hang;
import io.opencvm.vmmsim.prpc.CallFaults;
import io.opencvm.vmmsim.prpc.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The live fault switches of one simulated node or KMS, and the count of calls it received. Thread-safe; a change
 * takes effect for the next call, and clearing a {@code hang} releases the calls it holds at once. The fluent
 * methods each turn one switch on; {@link #clear()} turns them all off.
 *
 * <pre>{@code
 * node.faults().latency("CreateVm", Duration.ofSeconds(3)).errorAnswer("StartVm", "boom", 2);
 * node.faults().refuseConnections();   // the node's port closes; clear() opens it again
 * }</pre>
 */
public final class Faults implements CallFaults {

    private final Object monitor = new Object();
    private final CallCounter calls = new CallCounter();
    private FaultSet current = FaultSet.NONE;
    private boolean closed;
    private volatile Consumer<Boolean> refuseListener = refusing -> { };

    public FaultSet current() {
        synchronized (monitor) {
            return current;
        }
    }

    public CallCounter calls() {
        return calls;
    }

    /** Replaces every switch with {@code next} ({@link FaultSet#NONE} clears them). */
    public Faults replace(FaultSet next) {
        return update(old -> Objects.requireNonNull(next));
    }

    /** Turns every switch off and releases held calls. */
    public Faults clear() {
        return replace(FaultSet.NONE);
    }

    public Faults latency(String method, Duration delay) {
        return update(s -> s.withLatency(method, delay));
    }

    /** pRPC's error answer: HTTP 400 {@code {"error": text}} instead of running {@code method}. */
    public Faults errorAnswer(String method, String text) {
        return update(s -> s.withError(method, new ErrorAnswer(400, text, null)));
    }

    /** As {@link #errorAnswer(String, String)} for the next {@code times} calls only. */
    public Faults errorAnswer(String method, String text, int times) {
        return update(s -> s.withError(method, new ErrorAnswer(400, text, times)));
    }

    /** HTTP 500 with a plain-text body instead of running {@code method} (what a proxy in front might answer). */
    public Faults serverError(String method) {
        return update(s -> s.withError(method, new ErrorAnswer(500, null, null)));
    }

    /** Holds calls of {@code method} before they run, until cleared (or ten minutes). */
    public Faults hang(String method) {
        return update(s -> s.withHang(method, new Hang(false, null)));
    }

    /** Runs calls of {@code method} but holds their replies, until cleared (or ten minutes). */
    public Faults hangAfterEffect(String method) {
        return update(s -> s.withHang(method, new Hang(true, null)));
    }

    public Faults slowBody(String method, int bytesPerSecond) {
        return update(s -> s.withSlowBody(method, bytesPerSecond));
    }

    public Faults refuseConnections() {
        return update(s -> s.withRefuseConnections(true));
    }

    public Faults bootError(String text) {
        return update(s -> s.withBootError(text));
    }

    public Faults cidPoolExhausted() {
        return update(s -> s.withCidPoolExhausted(true));
    }

    /** Called with {@code true} when connections must be refused and {@code false} when they may come back. */
    public void onRefuseChange(Consumer<Boolean> listener) {
        this.refuseListener = Objects.requireNonNull(listener);
    }

    /** Releases every held call for good; later calls are no longer held. */
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
    }

    @Override
    public Answer beforeCall(String method) {
        calls.record(method);
        FaultSet set = current();
        Long latency = FaultSet.forMethod(set.latencyMs(), method);
        if (latency != null && latency > 0) {
            waitOut(latency);
        }
        Hang held = FaultSet.forMethod(current().hang(), method);
        if (held != null && !held.afterEffect()) {
            holdWhileHung(method, false, held.limitMs());
        }
        return errorAnswer(method);
    }

    @Override
    public void afterCall(String method) {
        Hang held = FaultSet.forMethod(current().hang(), method);
        if (held != null && held.afterEffect()) {
            holdWhileHung(method, true, held.limitMs());
        }
    }

    @Override
    public int trickleRate(String method) {
        FaultSet.SlowBody slow = FaultSet.forMethod(current().slowBody(), method);
        return slow == null ? 0 : slow.bytesPerSecond();
    }

    private Answer errorAnswer(String method) {
        synchronized (monitor) {
            String key = current.errors().containsKey(method) ? method : FaultSet.ALL;
            ErrorAnswer answer = current.errors().get(key);
            if (answer == null) {
                return null;
            }
            current = current.withErrorUsed(key);
            if (answer.status() == 400) {
                return new Answer(400, "application/json", Json.prettyError(answer.error()));
            }
            String text = answer.error() == null ? "500 Internal Server Error" : answer.error();
            return new Answer(500, "text/plain; charset=utf-8", text);
        }
    }

    private Faults update(UnaryOperator<FaultSet> change) {
        boolean wasRefusing;
        boolean refusing;
        synchronized (monitor) {
            wasRefusing = current.refuseConnections();
            current = change.apply(current);
            refusing = current.refuseConnections();
            monitor.notifyAll();
        }
        if (wasRefusing != refusing) {
            refuseListener.accept(refusing);
        }
        return this;
    }

    private void waitOut(long millis) {
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        synchronized (monitor) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                awaitChange(left);
            }
        }
    }

    private void holdWhileHung(String method, boolean afterEffect, long limitMs) {
        long deadline = System.nanoTime() + Duration.ofMillis(limitMs).toNanos();
        synchronized (monitor) {
            long left;
            while (!closed && stillHung(method, afterEffect) && (left = deadline - System.nanoTime()) > 0) {
                awaitChange(left);
            }
        }
    }

    private boolean stillHung(String method, boolean afterEffect) {
        Hang held = FaultSet.forMethod(current.hang(), method);
        return held != null && held.afterEffect() == afterEffect;
    }

    private void awaitChange(long nanos) {
        try {
            monitor.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** For the HTTP route: the current switches as the JSON document. */
    String toJson() {
        return Json.MAPPER.writeValueAsString(current());
    }

    /** For the HTTP route: the counts as {@code {"since_ms":…,"now_ms":…,"calls":{…}}}. */
    String callsJson() {
        CallCounter.Snapshot snapshot = calls.snapshot();
        return Json.MAPPER.writeValueAsString(Map.of("since_ms", snapshot.sinceMs(), "now_ms", snapshot.nowMs(),
                "calls", snapshot.calls()));
    }
}
