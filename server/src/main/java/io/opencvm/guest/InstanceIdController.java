package io.opencvm.guest;

import io.opencvm.account.Caller;
import io.opencvm.api.JsonBody;
import java.util.List;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The instance-id "refresh" routes, answered read-only (see {@link InstanceIdCheck}): {@code overwrite} and
 * {@code dry_run} are accepted and change nothing, since nothing is ever written here.
 */
@RestController
@RequestMapping("/api/v1/cvms")
class InstanceIdController {

    static final int MAX_LIMIT = 500;
    static final int MAX_IDS = 500;

    private final InstanceIdChecks checks;

    InstanceIdController(InstanceIdChecks checks) {
        this.checks = checks;
    }

    @PatchMapping("/{cvmId}/instance-id")
    InstanceIdCheck one(Caller caller, @PathVariable String cvmId, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.optional(json);
        body.bool("overwrite");
        body.bool("dry_run");
        body.throwIfAny();
        return checks.one(caller, cvmId);
    }

    @PatchMapping("/instance-ids")
    InstanceIdChecks.Summary many(Caller caller, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        List<String> ids = body.atMost("cvm_ids", body.strings("cvm_ids"), MAX_IDS);
        Boolean runningOnly = body.bool("running_only");
        Boolean missingOnly = body.bool("missing_only");
        body.bool("overwrite");
        body.bool("dry_run");
        Long limit = body.between("limit", body.integer("limit"), 1, MAX_LIMIT);
        body.throwIfAny();
        return checks.many(caller, new InstanceIdChecks.Selection(ids, runningOnly == null || runningOnly,
                missingOnly == null || missingOnly, limit == null ? 100 : limit.intValue()));
    }
}
