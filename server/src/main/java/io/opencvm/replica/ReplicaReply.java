package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorBody;
import io.opencvm.api.ErrorCode;
import io.opencvm.onchain.PendingApproval;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP answer of the replica endpoints (and of the updates, which share {@link IdempotencyKeys}): status and JSON
 * body, kept verbatim so a repeated key replays it.
 */
public record ReplicaReply(int status, String body) {

    static ReplicaReply of(ReplicaOutcome outcome, JsonMapper json) {
        if (outcome instanceof ReplicaOutcome.Created created) {
            return new ReplicaReply(200, json.writeValueAsString(ReplicaJson.vm(created.replica(), created.plan())));
        }
        ReplicaOutcome.Prepared prepared = (ReplicaOutcome.Prepared) outcome;
        PendingApproval approval = ReplicaJson.approval(prepared);
        return new ReplicaReply(ErrorCode.HASH_REGISTRATION_REQUIRED.status().value(), json.writeValueAsString(
                ErrorBody.of(ErrorCode.HASH_REGISTRATION_REQUIRED, ReplicaJson.preparedMessage(prepared),
                        approval.details(), approval.suggestions())));
    }

    static ReplicaReply refusal(ApiException e, JsonMapper json) {
        return new ReplicaReply(e.errorCode().status().value(), json.writeValueAsString(ErrorBody.of(e)));
    }
}
