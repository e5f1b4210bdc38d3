package io.opencvm.webhook;

import io.opencvm.account.Caller;
import io.opencvm.api.Fields;
import io.opencvm.api.JsonBody;
import io.opencvm.api.WorkspaceAdminOnly;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The eleven {@code /workspace/webhooks} operations (owners and admins of the caller's workspace only). */
@RestController
@WorkspaceAdminOnly
@RequestMapping("/api/v1/workspace/webhooks")
class WebhookController {

    static final String CONFIRM_HEADER = "X-Confirm-Api-Key";
    static final int MAX_LIMIT = 100;

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping
    List<WebhookView> list(Caller caller) {
        return webhooks.list(caller);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    WebhookView create(Caller caller, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String url = body.requiredString("url");
        List<String> events = body.required("events", body.strings("events"));
        String name = body.text("name", body.string("name"), 0, 100);
        String secret = body.string("secret");
        body.throwIfAny();
        return webhooks.create(caller, new NewWebhook(url, events, name, secret));
    }

    @GetMapping("/{webhookId}")
    WebhookView get(Caller caller, @PathVariable String webhookId) {
        return webhooks.get(caller, webhookId);
    }

    @PutMapping("/{webhookId}")
    WebhookView update(Caller caller, @PathVariable String webhookId, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.optional(json);
        WebhookChange change = new WebhookChange(body.string("url"), body.strings("events"),
                body.text("name", body.string("name"), 0, 100), body.bool("enabled"));
        body.throwIfAny();
        return webhooks.update(caller, webhookId, change);
    }

    @DeleteMapping("/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String webhookId) {
        webhooks.delete(caller, webhookId);
    }

    @PostMapping("/{webhookId}/reveal-secret")
    Map<String, String> revealSecret(Caller caller, @PathVariable String webhookId,
                                     @RequestHeader(name = CONFIRM_HEADER, required = false) String confirmingKey) {
        return webhooks.revealSecret(caller, webhookId, confirmingKey);
    }

    @PostMapping("/{webhookId}/rotate-secret")
    Map<String, String> rotateSecret(Caller caller, @PathVariable String webhookId,
                                     @RequestHeader(name = CONFIRM_HEADER, required = false) String confirmingKey) {
        return webhooks.rotateSecret(caller, webhookId, confirmingKey);
    }

    @PostMapping("/{webhookId}/test")
    DeliveryView test(Caller caller, @PathVariable String webhookId) {
        return webhooks.test(caller, webhookId);
    }

    @GetMapping("/{webhookId}/deliveries")
    List<DeliveryView> deliveries(Caller caller, @PathVariable String webhookId,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) Integer offset) {
        Fields query = Fields.of("query");
        query.between("limit", limit, 1, MAX_LIMIT);
        query.atLeast("offset", offset, 0);
        query.throwIfAny();
        return webhooks.deliveries(caller, webhookId, limit == null ? 50 : limit, offset == null ? 0 : offset);
    }

    @PostMapping("/{webhookId}/deliveries/{eventId}/resend")
    DeliveryView resend(Caller caller, @PathVariable String webhookId, @PathVariable String eventId) {
        return webhooks.resend(caller, webhookId, eventId);
    }

    @GetMapping("/{webhookId}/stats")
    StatsView stats(Caller caller, @PathVariable String webhookId) {
        return webhooks.stats(caller, webhookId);
    }
}
