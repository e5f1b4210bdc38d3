package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeEdit;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code POST /cvms/{id}/compose_file/provision} body: an app compose (the SDK's loose {@code AppCompose}),
 * of which the fields a user may change are taken over the CVM's current compose. Identity fields ({@code name},
 * {@code kms_enabled}, {@code features}, …) are read for their type and otherwise ignored: they stay the app's.
 */
record ComposeProvisionRequest(ComposeEdit compose) {

    static ComposeProvisionRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String docker = body.string("docker_compose_file");
        String preLaunch = body.string("pre_launch_script");
        ComposeEdit edit = new ComposeEdit(docker, preLaunch,
                CvmUpdateRequest.allowedEnvs(body, "allowed_envs", body.strings("allowed_envs")), body.bool("public_logs"),
                body.bool("public_sysinfo"), body.bool("public_tcbinfo"));
        body.string("name");
        body.bool("update_env_vars");
        body.throwIfAny();
        if (docker == null || docker.isBlank()) {
            throw new ApiException(ErrorCode.COMPOSE_FILE_REQUIRED, "docker_compose_file is required");
        }
        ComposeEdit.requireFits(docker, preLaunch);
        return new ComposeProvisionRequest(edit);
    }
}
