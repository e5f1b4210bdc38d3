package io.opencvm.operation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker threads ({@code opencvm.operations.workers}, default 2; 0 turns them off). Each polls
 * every {@code opencvm.operations.poll-interval} (default 200 ms) and drains what is due; they stop
 * with the application context. Also publishes the gauge {@code opencvm.operations{state}}.
 */
@Component
class OperationWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OperationWorkers.class);
    private static final int MAX_PER_POLL = 100;

    private final OperationEngine engine;
    private final LeaseRenewals renewals;
    private final int workers;
    private final Duration pollInterval;
    private final Duration stopGrace;
    private final String instance;
    private volatile boolean running;
    private ScheduledExecutorService executor;
    private ScheduledExecutorService renewer;

    OperationWorkers(OperationStore store, OperationHandler handler, TransactionTemplate tx, Clock clock,
                     MeterRegistry meters,
                     @Value("${opencvm.operations.workers:2}") int workers,
                     @Value("${opencvm.operations.poll-interval:PT0.2S}") Duration pollInterval,
                     @Value("${opencvm.operations.lease:PT60S}") Duration lease,
                     @Value("${opencvm.operations.retry.initial:PT1S}") Duration retryInitial,
                     @Value("${opencvm.operations.retry.max:PT60S}") Duration retryMax,
                     @Value("${opencvm.operations.retry.max-attempts:8}") int maxAttempts,
                     @Value("${opencvm.operations.stop-grace:PT0.5S}") Duration stopGrace) {
        this.renewals = new LeaseRenewals(store, clock, lease);
        this.engine = new OperationEngine(store, handler, tx, clock, new RetryPolicy(retryInitial, retryMax, maxAttempts),
                renewals);
        this.workers = workers;
        this.pollInterval = pollInterval;
        this.stopGrace = stopGrace;
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        for (OperationState state : OperationState.values()) {
            Gauge.builder("opencvm.operations", store, s -> s.countByState().get(state))
                    .tag("state", state.wire()).description("operations by state").register(meters);
        }
    }

    @Override
    public synchronized void start() {
        if (running || workers <= 0) {
            return;
        }
        running = true;
        AtomicInteger seq = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(workers, r -> {
            Thread t = new Thread(r, "opencvm-operation-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Its own thread: renewals must go on while every worker waits on a node.
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opencvm-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, renewals.interval().toMillis());
        renewer.scheduleWithFixedDelay(renewals::renewAll, every, every, TimeUnit.MILLISECONDS);
        for (int i = 1; i <= workers; i++) {
            String owner = instance + "#" + i;
            executor.scheduleWithFixedDelay(() -> drain(owner), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        log.info("{} operation worker(s) started, polling every {}", workers, pollInterval);
    }

    /** Runs due operations until none is left, the batch is used up, or the workers are stopping. */
    private void drain(String owner) {
        try {
            for (int i = 0; i < MAX_PER_POLL && running; i++) {
                if (!engine.runNext(owner)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("operation worker {} failed; it polls again shortly", owner, e);
        }
    }

    /**
     * Stops claiming, lets quick attempts settle for a moment, then hands every operation still held back to the
     * queue (another instance carries on at once, with a newer fence) and cuts the node calls in flight short.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                int handed = renewals.handBackAll();
                log.info("handed {} operation(s) back to the queue", handed);
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            renewals.handBackAll();
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        renewer.shutdownNow();
        log.info("operation workers stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
