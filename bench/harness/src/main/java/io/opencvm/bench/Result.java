package io.opencvm.bench;

/**
 * One measured load run: what was sent, what came back, and the latency percentiles in milliseconds.
 * {@code errors} counts non-2xx answers, timeouts, socket errors and (open loop) requests never sent.
 */
record Result(String tool, long requests, long errors, double seconds, double p50Ms, double p99Ms, double maxMs,
              String note) {

    double throughput() {
        return seconds <= 0 ? 0 : (requests - errors) / seconds;
    }
}
