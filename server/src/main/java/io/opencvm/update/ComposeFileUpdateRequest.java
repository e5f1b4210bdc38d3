package io.opencvm.update;

import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.EncryptedEnv;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code PATCH /cvms/{id}/compose_file} body: the hash of a compose provisioned for this CVM's app with
 * {@code POST /cvms/{id}/compose_file/provision}, a new encrypted env (hex) or null, and the env names it carries.
 */
record ComposeFileUpdateRequest(ComposeHash composeHash, String encryptedEnv, List<String> envKeys) {

    static ComposeFileUpdateRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String hash = body.requiredString("compose_hash");
        String env = body.string("encrypted_env");
        List<String> keys = CvmUpdateRequest.allowedEnvs(body, "env_keys", body.strings("env_keys"));
        body.bool("update_env_vars");
        body.throwIfAny();
        return new ComposeFileUpdateRequest(ComposeHash.require("compose_hash", hash),
                env == null ? null : EncryptedEnv.parse(env), keys);
    }

    @Override
    public String toString() {
        return "ComposeFileUpdateRequest[" + composeHash + "]"; // never the encrypted env
    }
}
