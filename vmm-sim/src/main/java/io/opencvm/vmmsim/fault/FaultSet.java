package io.opencvm.vmmsim.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fault switches of one simulated node (or KMS) at one moment; immutable, and the JSON document of the
 * {@code /test/faults} route (snake_case). Method-keyed switches take a pRPC method name ({@code CreateVm}) or
 * {@code *} for every method; a method's own entry wins over {@code *}. {@link #NONE} is "everything off".
 *
 * @param latencyMs a delay before the method runs, in milliseconds (at most ten minutes)
 * @param errors an answer sent instead of running the method: pRPC's HTTP 400 {@code {"error": …}}, or HTTP 500
 * @param hang the call is held, before it runs or (after_effect) after it ran, until the switch is cleared or
 *     {@code max_ms} (default ten minutes) passed; meant to outlast the client's timeout
 * @param slowBody the reply is trickled at {@code bytes_per_second}
 * @param refuseConnections the listener is closed: connections are refused until the switch is cleared
 * @param bootError every guest boot on the node fails with this {@code boot_error} text (node only)
 * @param cidPoolExhausted {@code CreateVm} fails as dstack-vmm does when no CID is left (node only)
 */
public record FaultSet(Map<String, Long> latencyMs, Map<String, ErrorAnswer> errors, Map<String, Hang> hang,
        Map<String, SlowBody> slowBody, boolean refuseConnections, String bootError, boolean cidPoolExhausted) {

    /** Every switch off. */
    public static final FaultSet NONE = new FaultSet(null, null, null, null, false, null, false);

    static final long MAX_DELAY_MS = Duration.ofMinutes(10).toMillis();
    static final String ALL = "*";

    public FaultSet {
        latencyMs = copy(latencyMs);
        errors = copy(errors);
        hang = copy(hang);
        slowBody = copy(slowBody);
        latencyMs.forEach((method, ms) -> {
            checkMethod(method);
            if (ms == null || ms < 0 || ms > MAX_DELAY_MS) {
                throw new IllegalArgumentException("latency_ms." + method + " must be 0.." + MAX_DELAY_MS);
            }
        });
        errors.forEach((method, e) -> checkMethod(method));
        hang.forEach((method, h) -> checkMethod(method));
        slowBody.forEach((method, s) -> checkMethod(method));
        if (bootError != null && bootError.isBlank()) {
            throw new IllegalArgumentException("boot_error must be a non-empty text, or null for none");
        }
    }

    /**
     * One error answer.
     *
     * @param status 400 (pRPC's only error status, body {@code {"error": error}}) or 500 (a plain-text body)
     * @param error the error text; for 400 it is required
     * @param times answer this many calls with the error, then switch it off; {@code null} = until cleared
     */
    public record ErrorAnswer(int status, String error, Integer times) {

        public ErrorAnswer {
            if (status != 400 && status != 500) {
                throw new IllegalArgumentException("errors.*.status must be 400 or 500");
            }
            if (status == 400 && (error == null || error.isBlank())) {
                throw new IllegalArgumentException("errors.*.error is required for a 400 answer");
            }
            if (times != null && times < 1) {
                throw new IllegalArgumentException("errors.*.times must be at least 1");
            }
        }
    }

    /**
     * A held call.
     *
     * @param afterEffect false: held before the method runs (nothing happens); true: the method runs, its reply is
     *     held (the node acted, the client never hears of it)
     * @param maxMs released after this long even if the switch is still on; {@code null} = ten minutes
     */
    public record Hang(boolean afterEffect, Long maxMs) {

        public Hang {
            if (maxMs != null && (maxMs < 0 || maxMs > MAX_DELAY_MS)) {
                throw new IllegalArgumentException("hang.*.max_ms must be 0.." + MAX_DELAY_MS);
            }
        }

        long limitMs() {
            return maxMs == null ? MAX_DELAY_MS : maxMs;
        }
    }

    /** A trickled reply: {@code bytesPerSecond} ≥ 1. */
    public record SlowBody(int bytesPerSecond) {

        public SlowBody {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("slow_body.*.bytes_per_second must be at least 1");
            }
        }
    }

    /** The method's own entry of a method-keyed switch, else the {@code *} entry, else null. */
    static <T> T forMethod(Map<String, T> byMethod, String method) {
        T own = byMethod.get(method);
        return own != null ? own : byMethod.get(ALL);
    }

    public FaultSet withLatency(String method, Duration delay) {
        return edit(b -> b.latencyMs.put(method, delay.toMillis()));
    }

    public FaultSet withError(String method, ErrorAnswer answer) {
        return edit(b -> b.errors.put(method, answer));
    }

    public FaultSet withHang(String method, Hang held) {
        return edit(b -> b.hang.put(method, held));
    }

    public FaultSet withSlowBody(String method, int bytesPerSecond) {
        return edit(b -> b.slowBody.put(method, new SlowBody(bytesPerSecond)));
    }

    public FaultSet withRefuseConnections(boolean refuse) {
        return edit(b -> b.refuse = refuse);
    }

    public FaultSet withBootError(String text) {
        return edit(b -> b.bootError = text);
    }

    public FaultSet withCidPoolExhausted(boolean exhausted) {
        return edit(b -> b.cidExhausted = exhausted);
    }

    /** The same set with the error answer of {@code key} used once: its {@code times} counts down, then it is off. */
    FaultSet withErrorUsed(String key) {
        ErrorAnswer answer = errors.get(key);
        if (answer == null || answer.times() == null) {
            return this;
        }
        return edit(b -> {
            if (answer.times() <= 1) {
                b.errors.remove(key);
            } else {
                b.errors.put(key, new ErrorAnswer(answer.status(), answer.error(), answer.times() - 1));
            }
        });
    }

    private FaultSet edit(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return new FaultSet(draft.latencyMs, draft.errors, draft.hang, draft.slowBody, draft.refuse, draft.bootError,
                draft.cidExhausted);
    }

    /** A mutable copy used by the withers. */
    private static final class Draft {
        final Map<String, Long> latencyMs;
        final Map<String, ErrorAnswer> errors;
        final Map<String, Hang> hang;
        final Map<String, SlowBody> slowBody;
        boolean refuse;
        String bootError;
        boolean cidExhausted;

        Draft(FaultSet s) {
            latencyMs = new LinkedHashMap<>(s.latencyMs);
            errors = new LinkedHashMap<>(s.errors);
            hang = new LinkedHashMap<>(s.hang);
            slowBody = new LinkedHashMap<>(s.slowBody);
            refuse = s.refuseConnections;
            bootError = s.bootError;
            cidExhausted = s.cidPoolExhausted;
        }
    }

    private static void checkMethod(String method) {
        if (method == null || !(method.equals(ALL) || method.matches("[A-Za-z][A-Za-z0-9_.]{0,63}"))) {
            throw new IllegalArgumentException("a switch is keyed by a pRPC method name or \"*\", not " + method);
        }
    }

    private static <T> Map<String, T> copy(Map<String, T> map) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((k, v) -> {
            if (v == null) {
                throw new IllegalArgumentException("switch entry " + k + " is null; leave it out instead");
            }
        });
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
