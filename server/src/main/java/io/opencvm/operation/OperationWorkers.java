package io.opencvm.operation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private final LeaseRenewals renewals;
    private final PollingThreads threads;
    private final Duration stopGrace;
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
        OperationEngine engine = new OperationEngine(store, handler, tx, clock,
                new RetryPolicy(retryInitial, retryMax, maxAttempts), renewals);
        this.threads = new PollingThreads("operation", workers, pollInterval, MAX_PER_POLL, () -> { }, engine::runNext);
        this.stopGrace = stopGrace;
        for (OperationState state : OperationState.values()) {
            Gauge.builder("opencvm.operations", store, s -> s.countByState().get(state))
                    .tag("state", state.wire()).description("operations by state").register(meters);
        }
    }

    @Override
    public synchronized void start() {
        if (threads.isRunning()) {
            return;
        }
        threads.start();
        if (!threads.isRunning()) {
            return;
        }
        // Its own thread: renewals must go on while every worker waits on a node.
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opencvm-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, renewals.interval().toMillis());
        renewer.scheduleWithFixedDelay(renewals::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops claiming, lets quick attempts settle for a moment, then hands every operation still held back to the
     * queue (another instance carries on at once, with a newer fence) and cuts the node calls in flight short.
     */
    @Override
    public synchronized void stop() {
        if (!threads.isRunning()) {
            return;
        }
        if (!threads.stop(stopGrace)) {
            int handed = renewals.handBackAll();
            log.info("handed {} operation(s) back to the queue", handed);
            threads.cutShort();
        }
        renewer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return threads.isRunning();
    }
}
