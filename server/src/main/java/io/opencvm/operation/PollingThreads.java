package io.opencvm.operation;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of daemon threads, each polling a durable queue on the database every interval and draining what is
 * due in batches. Each thread claims under its own owner name ({@code <jvm>/<random>#<n>}), so a lease names the
 * process and the thread that holds it. The operation workers and the webhook deliveries both run on this.
 */
public final class PollingThreads {

    /** One claim-and-run of the queue; false when nothing was due. */
    @FunctionalInterface
    public interface Queue {
        boolean runNext(String owner);
    }

    private static final Logger log = LoggerFactory.getLogger(PollingThreads.class);

    private final String name;
    private final int count;
    private final Duration interval;
    private final int maxPerPoll;
    private final Runnable beforeEachPoll;
    private final Queue queue;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;
    private ScheduledExecutorService executor;

    /**
     * @param name           thread names are {@code opencvm-<name>-<n>}
     * @param count          how many threads; 0 starts none
     * @param beforeEachPoll runs at the start of every poll (before the batch), e.g. to fan an outbox out
     */
    public PollingThreads(String name, int count, Duration interval, int maxPerPoll, Runnable beforeEachPoll,
                          Queue queue) {
        this.name = name;
        this.count = count;
        this.interval = interval;
        this.maxPerPoll = maxPerPoll;
        this.beforeEachPoll = beforeEachPoll;
        this.queue = queue;
    }

    /** An owner name of this process for work a thread outside the pool claims (e.g. a request thread). */
    public String owner(String suffix) {
        return instance + "#" + suffix;
    }

    public synchronized void start() {
        if (running || count <= 0) {
            return;
        }
        running = true;
        AtomicInteger seq = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(count, r -> {
            Thread t = new Thread(r, "opencvm-" + name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 1; i <= count; i++) {
            String owner = owner(String.valueOf(i));
            executor.scheduleWithFixedDelay(() -> drain(owner), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        log.info("{} {} thread(s) started, polling every {}", count, name, interval);
    }

    /** Runs due work until none is left, the batch is used up, or the threads are stopping. */
    private void drain(String owner) {
        try {
            beforeEachPoll.run();
            for (int i = 0; i < maxPerPoll && running; i++) {
                if (!queue.runNext(owner)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("{} thread {} failed; it polls again shortly", name, owner, e);
        }
    }

    /**
     * Stops polling and waits up to {@code grace} for the batches in progress; true when every thread ended in time.
     * Otherwise they still run, and {@link #cutShort} interrupts them.
     */
    public synchronized boolean stop(Duration grace) {
        if (!running) {
            return true;
        }
        running = false;
        executor.shutdown();
        try {
            boolean ended = executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (ended) {
                log.info("{} threads stopped", name);
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Interrupts whatever still runs after {@link #stop} and waits briefly for it to end. */
    public void cutShort() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("{} threads stopped", name);
    }

    public boolean isRunning() {
        return running;
    }
}
