package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.JsonBody;
import io.opencvm.onchain.CommitRequest;
import java.util.List;

/**
 * The body of {@code POST /apps/{app_id}/instances} ({@code CreateAppInstanceRequest}) as far as it differs from a
 * replicate's: a {@code token} makes it the commit of a prepared instance. A new compose for the instance
 * ({@code docker_compose_file}, {@code pre_launch_script}) is refused: an instance copies a revision the app runs.
 */
record InstanceRequest(CommitRequest commit) {

    static InstanceRequest parse(String text) {
        JsonBody body = JsonBody.parse(text);
        String token = body.string("token");
        String docker = body.string("docker_compose_file");
        String preLaunch = body.string("pre_launch_script");
        body.throwIfAny();
        if (docker != null || preLaunch != null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "A new instance copies a revision the app already runs:"
                    + " update the app first (phala deploy --cvm-id), then add the instance with --compose-hash",
                    List.of(ErrorDetail.field(docker != null ? "docker_compose_file" : "pre_launch_script", "<given>")));
        }
        return new InstanceRequest(token == null || token.isBlank() ? null : CommitRequest.parse(text, null));
    }

    @Override
    public String toString() {
        return "InstanceRequest[" + (commit == null ? "new" : "commit") + "]"; // never the token
    }
}
