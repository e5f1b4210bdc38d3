package io.opencvm.vmmsim.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wall-clock time with one scheduler thread, so simulated guest steps of one node never run concurrently. */
public final class RealTime implements SimTime {

    private static final Logger LOG = LoggerFactory.getLogger(RealTime.class);

    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService executor;

    public RealTime(String name) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-time-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("scheduled task failed", e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
