package io.opencvm.webhook;

import io.opencvm.account.AccountService;
import io.opencvm.operation.PollingThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    private static final int MAX_PER_POLL = 50;
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final DeliveryEngine engine;
    private final PollingThreads threads;

    DeliveryWorkers(OutboxStore outbox, WebhookStore webhooks, DeliveryStore deliveries, AccountService accounts,
                    SecretBox secrets, WebhookSender sender, TransactionTemplate tx, Clock clock,
                    @Value("${opencvm.webhooks.workers:4}") int workers,
                    @Value("${opencvm.webhooks.poll-interval:PT0.5S}") Duration pollInterval,
                    @Value("${opencvm.webhooks.lease:PT60S}") Duration lease,
                    @Value("${opencvm.webhooks.retry-delays:PT1M,PT10M,PT1H}") List<Duration> retryDelays) {
        this.engine = new DeliveryEngine(outbox, webhooks, deliveries, accounts, secrets, sender, tx, clock,
                new RetrySchedule(List.copyOf(retryDelays)), lease);
        this.threads = new PollingThreads("webhook", workers, pollInterval, MAX_PER_POLL, engine::fanOut,
                engine::runNext);
    }

    DeliveryEngine engine() {
        return engine;
    }

    /** The owner name a request thread uses when it sends a test event itself. */
    String requestOwner() {
        return threads.owner("request");
    }

    @Override
    public void start() {
        threads.start();
    }

    @Override
    public void stop() {
        if (!threads.stop(STOP_GRACE)) {
            threads.cutShort();
        }
    }

    @Override
    public boolean isRunning() {
        return threads.isRunning();
    }
}
