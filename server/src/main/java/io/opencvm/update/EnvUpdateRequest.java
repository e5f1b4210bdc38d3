package io.opencvm.update;

import io.opencvm.api.JsonBody;
import io.opencvm.cvm.EncryptedEnv;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code PATCH /cvms/{id}/envs} body: the new encrypted env (hex) and, when given, the env names it carries
 * ({@code env_keys}), which become the compose's {@code allowed_envs} when they differ from it.
 */
record EnvUpdateRequest(String encryptedEnv, List<String> envKeys) {

    static EnvUpdateRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String env = body.requiredString("encrypted_env");
        List<String> keys = CvmUpdateRequest.allowedEnvs(body, "env_keys", body.strings("env_keys"));
        body.string("compose_hash");
        body.string("transaction_hash");
        body.throwIfAny();
        return new EnvUpdateRequest(EncryptedEnv.parse(env), keys);
    }

    @Override
    public String toString() {
        return "EnvUpdateRequest[" + envKeys + "]"; // never the encrypted env
    }
}
