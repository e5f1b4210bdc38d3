package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.JsonBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code POST /apps/{app_id}/rollouts} body: either {@code revision_id} (a revision id or compose hash of the
 * app, as the app-scoped redeploy takes it) or the compose fields and {@code encrypted_env} of {@code PATCH
 * /cvms/{id}}, read by that route's own parser ({@link CvmUpdateRequest}). Resources and image stay per CVM.
 */
record RolloutRequest(String revisionId, CvmUpdateRequest update) {

    private static final String REVISION_ID = "revision_id";

    static RolloutRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String revisionId = body.text(REVISION_ID, body.string(REVISION_ID), 1, 100);
        body.throwIfAny();
        if (revisionId != null) {
            List<String> others = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : json.properties()) {
                if (!field.getKey().equals(REVISION_ID) && !field.getValue().isNull()) {
                    others.add(field.getKey());
                }
            }
            if (!others.isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "revision_id names the whole revision: give either"
                        + " it or the fields to change, not both", others.stream()
                        .map(f -> ErrorDetail.field(f, "<given>")).toList());
            }
            return new RolloutRequest(revisionId, null);
        }
        CvmUpdateRequest update = CvmUpdateRequest.parse(json);
        if (update.changesMachine()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "A rollout changes the compose and the env; resize or"
                    + " change the image of each CVM on its own (PATCH /cvms/{cvm_id}/resources, …/os-image)",
                    List.of(ErrorDetail.field("vcpu, memory, disk_size, image", "<given>")));
        }
        if (update.compose().isEmpty() && update.encryptedEnv() == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The request changes nothing: give revision_id, a"
                    + " compose field or encrypted_env");
        }
        return new RolloutRequest(null, update);
    }
}
