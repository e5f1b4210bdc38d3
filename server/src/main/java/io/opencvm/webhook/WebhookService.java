package io.opencvm.webhook;

import io.opencvm.account.AccountService;
import io.opencvm.account.Caller;
import io.opencvm.account.KeyConfirmation;
import io.opencvm.account.Workspace;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.Fields;
import io.opencvm.api.InputError;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook feature's routes as one service: endpoints of the caller's workspace (its owners and admins only,
 * decided on the handler by {@code @WorkspaceAdminOnly}); an endpoint of another workspace answers exactly like a
 * missing one. Revealing or rotating a secret also needs a confirming key ({@link KeyConfirmation}).
 */
@Service
public class WebhookService {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookStore store;
    private final DeliveryStore deliveries;
    private final SecretBox secrets;
    private final WebhookTargets targets;
    private final AccountService accounts;
    private final KeyConfirmation confirmation;
    private final DeliveryWorkers workers;
    private final Clock clock;
    private final boolean operatorConfirms;

    WebhookService(WebhookStore store, DeliveryStore deliveries, SecretBox secrets, WebhookTargets targets,
                   AccountService accounts, KeyConfirmation confirmation, DeliveryWorkers workers, Clock clock,
                   @Value("${opencvm.webhooks.secret-confirmation:own-key}") String confirmationRule) {
        this.store = store;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.targets = targets;
        this.accounts = accounts;
        this.confirmation = confirmation;
        this.workers = workers;
        this.clock = clock;
        this.operatorConfirms = switch (confirmationRule) {
            case "own-key" -> false;
            case "operator-key" -> true;
            default -> throw new IllegalStateException("opencvm.webhooks.secret-confirmation: own-key or operator-key");
        };
    }

    public List<WebhookView> list(Caller caller) {
        return store.ofWorkspace(caller.workspaceId()).stream().map(w -> WebhookView.of(w, null)).toList();
    }

    @Transactional
    public WebhookView create(Caller caller, NewWebhook request) {
        Fields body = Fields.of("body");
        checkUrl(body, request.url());
        checkEvents(body, request.events());
        if (request.secret() != null && (request.secret().length() < MIN_SECRET || request.secret().length() > MAX_SECRET)) {
            body.add("secret", request.secret().length() < MIN_SECRET ? InputError.STRING_TOO_SHORT
                    : InputError.STRING_TOO_LONG, null, (request.secret().length() < MIN_SECRET ? MIN_SECRET : MAX_SECRET)
                    + " characters"); // never echo a secret back
        }
        body.throwIfAny();
        String id = newWebhookId();
        String secret = request.secret() == null ? newSecret() : request.secret();
        Webhook created = store.insert(id, caller.workspaceId(), request.url(), request.name(),
                List.copyOf(request.events()), secrets.seal(id, secret), clock.instant());
        return WebhookView.of(created, secret);
    }

    public WebhookView get(Caller caller, String webhookId) {
        return WebhookView.of(endpoint(caller, webhookId), null);
    }

    @Transactional
    public WebhookView update(Caller caller, String webhookId, WebhookChange change) {
        Webhook w = endpoint(caller, webhookId);
        Fields body = Fields.of("body");
        if (change.url() != null) {
            checkUrl(body, change.url());
        }
        if (change.events() != null) {
            checkEvents(body, change.events());
        }
        body.throwIfAny();
        store.update(w.pk(), change.url() == null ? w.url() : change.url(), change.name() == null ? w.name() : change.name(),
                change.events() == null ? w.events() : List.copyOf(change.events()),
                change.enabled() == null ? w.enabled() : change.enabled(), clock.instant());
        return WebhookView.of(store.find(w.pk()).orElseThrow(), null);
    }

    @Transactional
    public void delete(Caller caller, String webhookId) {
        store.delete(endpoint(caller, webhookId).pk());
    }

    public Map<String, String> revealSecret(Caller caller, String webhookId, String confirmingKey) {
        Webhook w = endpoint(caller, webhookId);
        requireConfirmation(caller, confirmingKey);
        return Map.of("secret", secrets.open(w.publicId(), w.sealedSecret()));
    }

    @Transactional
    public Map<String, String> rotateSecret(Caller caller, String webhookId, String confirmingKey) {
        Webhook w = endpoint(caller, webhookId);
        requireConfirmation(caller, confirmingKey);
        String secret = newSecret();
        store.replaceSecret(w.pk(), secrets.seal(w.publicId(), secret), clock.instant());
        return Map.of("secret", secret);
    }

    /** Sends a {@code webhook.test} event now (one attempt, no retry) and answers the delivery as it then is. */
    public DeliveryView test(Caller caller, String webhookId) {
        Webhook w = endpoint(caller, webhookId);
        Workspace workspace = accounts.findWorkspace(caller.workspaceId()).orElseThrow();
        String eventId = WebhookOutbox.newEventId();
        Instant now = clock.instant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhook_id", w.publicId());
        data.put("message", "Test event from opencvm");
        String body = Envelope.of(eventId, WebhookEventType.WEBHOOK_TEST.wire(), now, workspace.publicId(),
                workspace.name(), JSON.writeValueAsString(data));
        return DeliveryView.of(workers.engine().insertAndRun(() -> deliveries.insertIfAbsent(w.pk(), eventId, "",
                WebhookEventType.WEBHOOK_TEST.wire(), "test:" + eventId, body, 1, w.url(), now), workers.requestOwner()));
    }

    public List<DeliveryView> deliveries(Caller caller, String webhookId, int limit, long offset) {
        Webhook w = endpoint(caller, webhookId);
        return deliveries.page(w.pk(), limit, offset).stream().map(DeliveryView::of).toList();
    }

    /**
     * Sends an earlier event to this endpoint again as a new delivery (a new event id whose
     * {@code original_event_id} names the one resent), with the full retry schedule.
     */
    @Transactional
    public DeliveryView resend(Caller caller, String webhookId, String eventId) {
        Webhook w = endpoint(caller, webhookId);
        Delivery original = deliveries.findByEvent(w.pk(), eventId).orElseThrow(() -> new ApiException(
                ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, "Delivery of event " + eventId + " not found",
                List.of(ErrorDetail.field("event_id", eventId))));
        String newId = WebhookOutbox.newEventId();
        long id = deliveries.insertIfAbsent(w.pk(), newId, original.eventId(), original.eventType(), original.orderKey(),
                Envelope.withId(original.body(), newId), workers.engine().retries().maxAttempts(), w.url(), clock.instant());
        return DeliveryView.of(deliveries.find(id).orElseThrow());
    }

    public StatsView stats(Caller caller, String webhookId) {
        return StatsView.of(deliveries.stats(endpoint(caller, webhookId).pk()));
    }

    private Webhook endpoint(Caller caller, String webhookId) {
        return store.find(caller.workspaceId(), webhookId).orElseThrow(() -> new ApiException(
                ErrorCode.WEBHOOK_NOT_FOUND, "Webhook " + webhookId + " not found",
                List.of(ErrorDetail.field("webhook_id", webhookId))));
    }

    private void requireConfirmation(Caller caller, String confirmingKey) {
        if (!confirmation.confirms(caller, confirmingKey, operatorConfirms)) {
            throw new ApiException(ErrorCode.WEBHOOK_CONFIRMATION_REQUIRED, operatorConfirms
                    ? "Confirm with an operator's API key in X-Confirm-Api-Key"
                    : "Confirm with your own API key (or an operator's) in X-Confirm-Api-Key");
        }
    }

    private void checkUrl(Fields body, String url) {
        targets.refusal(url).ifPresent(why -> body.add("url", InputError.VALUE_ERROR, url, why));
    }

    private static void checkEvents(Fields body, List<String> events) {
        List<String> unknown = new ArrayList<>(events);
        unknown.removeAll(WebhookEventType.subscribable());
        body.check("events", events, !events.isEmpty(), "at least one event is required");
        body.check("events", events, unknown.isEmpty(), "unknown event(s) " + unknown + "; known: "
                + WebhookEventType.subscribable());
    }

    private static String newWebhookId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return "wh_" + java.util.HexFormat.of().formatHex(bytes);
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
