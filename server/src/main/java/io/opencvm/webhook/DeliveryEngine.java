package io.opencvm.webhook;

import io.opencvm.account.AccountService;
import io.opencvm.account.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One worker's steps: fan the outbox out into deliveries (one per subscribed endpoint, in one transaction
 * with marking the event done), and claim one delivery, send it outside any transaction, and record the
 * attempt under the fence it was claimed with. A worker killed mid-send leaves a lease that runs out; the
 * delivery is then claimed again and sent again with the same event id (at least once).
 */
class DeliveryEngine {

    private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final int FAN_OUT_BATCH = 50;

    private final OutboxStore outbox;
    private final WebhookStore webhooks;
    private final DeliveryStore deliveries;
    private final AccountService accounts;
    private final SecretBox secrets;
    private final WebhookSender sender;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RetrySchedule retries;
    private final Duration lease;

    DeliveryEngine(OutboxStore outbox, WebhookStore webhooks, DeliveryStore deliveries, AccountService accounts,
                   SecretBox secrets, WebhookSender sender, TransactionTemplate tx, Clock clock, RetrySchedule retries,
                   Duration lease) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.accounts = accounts;
        this.secrets = secrets;
        this.sender = sender;
        this.tx = tx;
        this.clock = clock;
        this.retries = retries;
        this.lease = lease;
    }

    RetrySchedule retries() {
        return retries;
    }

    /**
     * Turns up to one batch of outbox events into deliveries; returns how many events it took. A workspace's
     * endpoints are read once per batch, the workspace only when one of them takes an event, and the batch is
     * marked done with one UPDATE: a busy outbox (every replica records an event) costs a few statements per
     * batch, not three per event.
     */
    int fanOut() {
        Integer taken = tx.execute(status -> {
            List<OutboxEvent> events = outbox.claimUnfanned(FAN_OUT_BATCH);
            if (events.isEmpty()) {
                return 0;
            }
            Instant now = clock.instant();
            Map<Long, List<Webhook>> endpointsOf = new HashMap<>();
            Map<Long, Optional<Workspace>> workspaces = new HashMap<>();
            for (OutboxEvent event : events) {
                List<Webhook> endpoints = endpointsOf.computeIfAbsent(event.workspaceId(), webhooks::enabledOfWorkspace)
                        .stream().filter(e -> e.subscribedTo(event.eventType())).toList();
                Optional<Workspace> workspace = endpoints.isEmpty() ? Optional.empty()
                        : workspaces.computeIfAbsent(event.workspaceId(), accounts::findWorkspace);
                for (Webhook endpoint : workspace.isEmpty() ? List.<Webhook>of() : endpoints) {
                    String body = Envelope.of(event.publicId(), event.eventType(), event.createdAt(),
                            workspace.get().publicId(), workspace.get().name(), event.data());
                    deliveries.insertIfAbsent(endpoint.pk(), event.publicId(), "", event.eventType(),
                            event.orderKey(), body, retries.maxAttempts(), endpoint.url(), now);
                }
            }
            outbox.markFannedOut(events.stream().map(OutboxEvent::pk).toList());
            return events.size();
        });
        return taken == null ? 0 : taken;
    }

    /** Claims and sends one due delivery; false when none was claimable. */
    boolean runNext(String owner) {
        return run(null, owner).isPresent();
    }

    /**
     * Inserts a delivery and claims it in the same transaction (so no worker takes it first), then sends it
     * now; the delivery as it then is. When its endpoint already has an attempt in flight, the workers send it.
     */
    Delivery insertAndRun(Supplier<Long> insert, String owner) {
        long[] id = new long[1];
        Optional<Delivery> claimed = tx.execute(status -> {
            id[0] = insert.get();
            Instant now = clock.instant();
            return deliveries.claim(id[0], owner, now, now.plus(lease));
        });
        return send(claimed).orElseGet(() -> deliveries.find(id[0]).orElseThrow());
    }

    private Optional<Delivery> run(Long onlyId, String owner) {
        return send(tx.execute(status -> {
            Instant now = clock.instant();
            return deliveries.claim(onlyId, owner, now, now.plus(lease));
        }));
    }

    private Optional<Delivery> send(Optional<Delivery> claimed) {
        if (claimed == null || claimed.isEmpty()) {
            return Optional.empty();
        }
        Delivery d = claimed.get();
        Optional<Webhook> endpoint = webhooks.find(d.webhookId());
        if (endpoint.isEmpty()) {
            return Optional.of(d); // deleted meanwhile; its deliveries went with it
        }
        WebhookSender.Attempt attempt = attempt(endpoint.get(), d);
        int number = d.attempts() + 1;
        Instant now = clock.instant();
        Instant next = attempt.delivered() ? null : retries.nextAfter(number, d.maxAttempts(), now);
        DeliveryState state = attempt.delivered() ? DeliveryState.SUCCESS
                : next == null ? DeliveryState.FAILED : DeliveryState.PENDING;
        Integer rows = tx.execute(status -> deliveries.recordAttempt(d, endpoint.get().url(), attempt, state,
                next == null ? d.nextAttemptAt() : next, now));
        if (rows == null || rows == 0) {
            log.warn("webhook delivery {} ({}) was taken over while attempt {} ran; its result is dropped", d.id(),
                    d.eventId(), number);
        } else if (!attempt.delivered()) {
            log.info("webhook delivery {} ({} {}) attempt {} of {} failed: {}", d.id(), d.eventType(), d.eventId(),
                    number, d.maxAttempts(), attempt.error());
        }
        return deliveries.find(d.id());
    }

    private WebhookSender.Attempt attempt(Webhook endpoint, Delivery d) {
        String secret;
        try {
            secret = secrets.open(endpoint.publicId(), endpoint.sealedSecret());
        } catch (IllegalStateException e) {
            return new WebhookSender.Attempt(false, 0, e.getMessage(), 0);
        }
        return sender.send(endpoint.url(), secret, d.eventId(), d.eventType(), d.body());
    }
}
