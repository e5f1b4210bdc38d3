package io.opencvm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open loop at a constant rate, free of coordinated omission: request {@code i} is due at
 * {@code start + i/rate} whatever happened to the ones before it, and its latency is measured from that
 * due time, so a stalled server is charged for every request that had to wait (the wrk2 model). At most
 * {@code maxInFlight} requests are outstanding (that many keep-alive connections); a request that finds
 * them all busy waits for one and that wait counts in its latency. Requests still unsent when the run
 * ends are counted as errors (the rate was not kept).
 */
final class OpenLoop {

    private static final long MAX_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final String baseUrl;
    private final String key;
    private final int maxInFlight;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    OpenLoop(String baseUrl, String key, int maxInFlight) {
        this.baseUrl = baseUrl;
        this.key = key;
        this.maxInFlight = maxInFlight;
    }

    Result run(String body, List<String> paths, double ratePerSecond, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(MAX_TRACKABLE_NANOS, 3);
        Semaphore slots = new Semaphore(maxInFlight);
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        long total = Math.round(ratePerSecond * duration.toSeconds());
        double periodNanos = 1e9 / ratePerSecond;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long sent = 0;
        for (long i = 0; i < total; i++) {
            long due = start + Math.round(i * periodNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!slots.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break; // the run is over and every connection is still busy
            }
            sent++;
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + paths.get((int) (i % paths.size()))))
                    .timeout(Duration.ofSeconds(10)).header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long latency = System.nanoTime() - due;
                recorder.recordValue(Math.min(latency, MAX_TRACKABLE_NANOS));
                if (failure != null || response.statusCode() / 100 != 2) {
                    errors.incrementAndGet();
                }
                completed.incrementAndGet();
                slots.release();
            });
        }
        // Let what is in flight finish (each request times out after 10 s).
        slots.tryAcquire(maxInFlight, 15, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long unsent = total - sent;
        long lost = sent - completed.get();
        Histogram h = recorder.getIntervalHistogram();
        return new Result("open loop", total, errors.get() + unsent + lost, Math.min(seconds, duration.toNanos() / 1e9),
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                unsent + lost > 0 ? (unsent + lost) + " not sent/answered in time" : "");
    }
}
