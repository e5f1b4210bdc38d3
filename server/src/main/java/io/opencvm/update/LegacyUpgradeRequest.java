package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeEdit;
import io.opencvm.cvm.EncryptedEnv;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code PUT /cvms/{id}/compose} body, what {@code phala cvms upgrade} sends: {@code compose_manifest} (a
 * compose of which only {@code docker_compose_file} and {@code allowed_envs} are taken; the CLI fills the identity
 * fields with values of its own that are not the app's), and the new encrypted env with its names ({@code env_keys}).
 * Without an env (no {@code -e}) the CVM keeps its env and allowed envs, so an upgrade never drops secrets silently.
 */
record LegacyUpgradeRequest(ComposeEdit compose, String encryptedEnv) {

    static LegacyUpgradeRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        JsonBody manifest = body.object("compose_manifest");
        String docker = manifest == null ? null : manifest.string("docker_compose_file");
        List<String> allowed = manifest == null ? null
                : CvmUpdateRequest.allowedEnvs(manifest, "allowed_envs", manifest.strings("allowed_envs"));
        String env = body.string("encrypted_env");
        List<String> keys = CvmUpdateRequest.allowedEnvs(body, "env_keys", body.strings("env_keys"));
        body.bool("allow_restart");
        body.throwIfAny();
        if (docker == null || docker.isBlank()) {
            throw new ApiException(ErrorCode.COMPOSE_FILE_REQUIRED, "compose_manifest.docker_compose_file is required");
        }
        ComposeEdit.requireFits(docker, null);
        List<String> names = env == null ? null : keys != null ? keys : allowed;
        return new LegacyUpgradeRequest(new ComposeEdit(docker, null, names, null, null, null),
                env == null ? null : EncryptedEnv.parse(env));
    }

    @Override
    public String toString() {
        return "LegacyUpgradeRequest[" + compose.allowedEnvs() + "]"; // never the encrypted env
    }
}
