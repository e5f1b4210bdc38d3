package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeEdit;
import io.opencvm.onchain.CommitRequest;
import java.util.List;

/**
 * The body of {@code POST /apps/{app_id}/instances} ({@code CreateAppInstanceRequest}) as far as it differs from a
 * replicate's: a {@code token} makes it the commit of a prepared instance; a {@code docker_compose_file} and/or
 * {@code pre_launch_script} give the new instance its own compose, the app's revision with these two replaced (a new
 * revision of the app). {@code compose} is null when neither is given.
 */
record InstanceRequest(CommitRequest commit, ComposeEdit compose) {

    static InstanceRequest parse(String text) {
        JsonBody body = JsonBody.parse(text);
        String token = body.string("token");
        String docker = body.string("docker_compose_file");
        String preLaunch = body.string("pre_launch_script");
        body.throwIfAny();
        boolean newCompose = docker != null || preLaunch != null;
        if (token != null && !token.isBlank()) {
            if (newCompose) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "A commit creates the instance prepared with the token;"
                        + " its compose was given when it was prepared",
                        List.of(ErrorDetail.field(docker != null ? "docker_compose_file" : "pre_launch_script", "<given>")));
            }
            return new InstanceRequest(CommitRequest.parse(text, null), null);
        }
        if (docker != null && docker.isBlank()) {
            throw new ApiException(ErrorCode.COMPOSE_FILE_REQUIRED, "docker_compose_file must not be empty");
        }
        ComposeEdit.requireFits(docker, preLaunch);
        return new InstanceRequest(null, newCompose ? new ComposeEdit(docker, preLaunch, null, null, null, null) : null);
    }

    @Override
    public String toString() {
        return "InstanceRequest[" + (commit == null ? "new" : "commit") + (compose == null ? "" : " new compose") + "]";
    }
}
