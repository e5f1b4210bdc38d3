package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import io.opencvm.app.AppId;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts of an app (opencvm's own extension of the API, no Phala Cloud route): every instance updated one at a
 * time, each waiting for the previous one to run the new revision.
 */
@RestController
@RequestMapping("/api/v1/apps/{appId}/rollouts")
class RolloutController {

    private final Rollouts rollouts;
    private final IdempotentUpdates idempotent;

    RolloutController(Rollouts rollouts, IdempotentUpdates idempotent) {
        this.rollouts = rollouts;
        this.idempotent = idempotent;
    }

    @PostMapping
    ResponseEntity<String> start(Caller caller, @PathVariable String appId,
                                 @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                 @RequestBody(required = false) JsonNode body) {
        RolloutRequest request = RolloutRequest.parse(body);
        return idempotent.once(caller, key, HttpStatus.ACCEPTED.value(), () -> RolloutJson.rollout(canonical(appId),
                rollouts.start(caller, appId, request)), "POST /apps/rollouts", appId, String.valueOf(body));
    }

    @GetMapping
    Page<Map<String, Object>> list(Caller caller, @PathVariable String appId,
                                   @RequestParam(required = false) Integer page,
                                   @RequestParam(name = "page_size", required = false) Integer pageSize) {
        PageRequest request = PageRequest.of(page, pageSize, 20);
        return RolloutJson.page(canonical(appId), rollouts.list(caller, appId, request));
    }

    @GetMapping("/{rolloutId}")
    Map<String, Object> get(Caller caller, @PathVariable String appId, @PathVariable String rolloutId) {
        return RolloutJson.rollout(canonical(appId), rollouts.get(caller, appId, rolloutId));
    }

    @PostMapping("/{rolloutId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> cancel(Caller caller, @PathVariable String appId, @PathVariable String rolloutId) {
        return RolloutJson.rollout(canonical(appId), rollouts.cancel(caller, appId, rolloutId));
    }

    /** The app id as the service found it (any accepted form of the path, shown as 40 hex). */
    private static String canonical(String appId) {
        return AppId.parse(appId).map(AppId::hex).orElse(appId);
    }
}
