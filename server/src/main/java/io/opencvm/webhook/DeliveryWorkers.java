package io.opencvm.webhook;

import io.opencvm.account.AccountService;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * The delivery threads ({@code opencvm.webhooks.workers}, default 4; 0 turns them off). Each polls every
 * {@code opencvm.webhooks.poll-interval}: fans the outbox out, then sends what is due. An endpoint holds at
 * most one thread at a time (see {@link DeliveryStore}), so a slow or dead endpoint never stalls the others
 * while there are more threads than such endpoints.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);
    private static final int MAX_PER_POLL = 50;

    private final DeliveryEngine engine;
    private final int workers;
    private final Duration pollInterval;
    private final String instance;
    private volatile boolean running;
    private ScheduledExecutorService executor;

    DeliveryWorkers(OutboxStore outbox, WebhookStore webhooks, DeliveryStore deliveries, AccountService accounts,
                    SecretBox secrets, WebhookSender sender, TransactionTemplate tx, Clock clock,
                    @Value("${opencvm.webhooks.workers:4}") int workers,
                    @Value("${opencvm.webhooks.poll-interval:PT0.5S}") Duration pollInterval,
                    @Value("${opencvm.webhooks.lease:PT60S}") Duration lease,
                    @Value("${opencvm.webhooks.retry-delays:PT1M,PT10M,PT1H}") List<Duration> retryDelays) {
        this.engine = new DeliveryEngine(outbox, webhooks, deliveries, accounts, secrets, sender, tx, clock,
                new RetrySchedule(List.copyOf(retryDelays)), lease);
        this.workers = workers;
        this.pollInterval = pollInterval;
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    DeliveryEngine engine() {
        return engine;
    }

    /** The owner name a request thread uses when it sends a test event itself. */
    String requestOwner() {
        return instance + "#request";
    }

    @Override
    public synchronized void start() {
        if (running || workers <= 0) {
            return;
        }
        running = true;
        AtomicInteger seq = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(workers, r -> {
            Thread t = new Thread(r, "opencvm-webhook-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 1; i <= workers; i++) {
            String owner = instance + "#" + i;
            executor.scheduleWithFixedDelay(() -> drain(owner), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        log.info("{} webhook worker(s) started, polling every {}", workers, pollInterval);
    }

    private void drain(String owner) {
        try {
            engine.fanOut();
            for (int i = 0; i < MAX_PER_POLL && running; i++) {
                if (!engine.runNext(owner)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("webhook worker {} failed; it polls again shortly", owner, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("webhook workers stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
