package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeEdit;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.EncryptedEnv;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code POST /cvms/{id}/compose_file} body ({@code ComposeFileUpdateRequest}): a whole app compose, the hash
 * its sender computed for it, and a new encrypted env (hex) or null. As with provision, the compose's changeable fields
 * are taken over the CVM's current compose; {@code env_keys}, when given, are its allowed envs and must agree with
 * the compose's own {@code allowed_envs}.
 */
record ComposeSubmitRequest(ComposeEdit compose, ComposeHash composeHash, String encryptedEnv) {

    static ComposeSubmitRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        body.object("compose_file");
        String hash = body.requiredString("compose_hash");
        String env = body.string("encrypted_env");
        List<String> keys = CvmUpdateRequest.allowedEnvs(body, "env_keys", body.strings("env_keys"));
        body.throwIfAny();
        ComposeEdit edit = ComposeProvisionRequest.parse(json.get("compose_file")).compose();
        if (keys != null && edit.allowedEnvs() != null && !keys.equals(edit.allowedEnvs())) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "env_keys must be the compose's allowed_envs",
                    List.of(ErrorDetail.field("env_keys", keys)));
        }
        if (keys != null && edit.allowedEnvs() == null) {
            edit = new ComposeEdit(edit.dockerComposeFile(), edit.preLaunchScript(), keys, edit.publicLogs(),
                    edit.publicSysinfo(), edit.publicTcbinfo());
        }
        return new ComposeSubmitRequest(edit, ComposeHash.require("compose_hash", hash),
                env == null ? null : EncryptedEnv.parse(env));
    }

    @Override
    public String toString() {
        return "ComposeSubmitRequest[" + composeHash + "]"; // never the encrypted env
    }
}
