package io.opencvm.update;

import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.EncryptedEnv;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code PATCH /cvms/{id}/envs} body: the new encrypted env (hex) and, when given, the env names it carries
 * ({@code env_keys}), which become the compose's {@code allowed_envs} when they differ from it. {@code composeHash}
 * and {@code transactionHash} make it the second phase of an update whose new names an on-chain app's contract had
 * to allow first: the compose hash those names make, and the transaction that registered it (null: first phase).
 */
record EnvUpdateRequest(String encryptedEnv, List<String> envKeys, ComposeHash composeHash, String transactionHash) {

    static EnvUpdateRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String env = body.requiredString("encrypted_env");
        List<String> keys = CvmUpdateRequest.allowedEnvs(body, "env_keys", body.strings("env_keys"));
        String hash = body.string("compose_hash");
        String tx = body.string("transaction_hash");
        body.throwIfAny();
        return new EnvUpdateRequest(EncryptedEnv.parse(env), keys,
                hash == null || hash.isBlank() ? null : ComposeHash.require("compose_hash", hash), tx);
    }

    @Override
    public String toString() {
        return "EnvUpdateRequest[" + envKeys + (composeHash == null ? "" : " confirms " + composeHash) + "]"; // never the env
    }
}
