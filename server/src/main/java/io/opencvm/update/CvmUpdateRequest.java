package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.JsonBody;
import io.opencvm.app.ComposeEdit;
import io.opencvm.cvm.EncryptedEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code PATCH /cvms/{id}} body ({@code UpdateCvmRequest}): what changes in the compose, and a new encrypted
 * env (hex) or null, and new resources or OS image (null: kept). Shape problems are FastAPI 422s; fields this server
 * cannot change are a 400 naming them.
 */
record CvmUpdateRequest(ComposeEdit compose, String encryptedEnv, Integer vcpu, Integer memoryMb, Integer diskGb,
                        String image) {

    /** What an env name must look like to reach a guest (a shell variable name). */
    static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final List<String> NOT_YET = List.of("user_config", "gpus", "shutdown_timeout");

    static CvmUpdateRequest parse(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String docker = body.string("docker_compose_file");
        String preLaunch = body.string("pre_launch_script");
        List<String> allowed = allowedEnvs(body, "allowed_envs", body.strings("allowed_envs"));
        Boolean logs = body.bool("public_logs");
        Boolean sysinfo = body.bool("public_sysinfo");
        Boolean tcbinfo = body.bool("public_tcbinfo");
        String env = body.string("encrypted_env");
        Long vcpu = body.between("vcpu", body.integer("vcpu"), 1, 1024);
        Long memory = body.between("memory", body.integer("memory"), 1, 16 * 1024 * 1024);
        Long disk = body.between("disk_size", body.integer("disk_size"), 1, 64 * 1024);
        String image = body.text("image", body.string("image"), 1, 64);
        body.bool("allow_force_stop");
        body.throwIfAny();
        List<String> unsupported = NOT_YET.stream().filter(f -> json.get(f) != null && !json.get(f).isNull()).toList();
        if (!unsupported.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "This server cannot change " + String.join(", ", unsupported)
                    + " with PATCH /cvms/{cvm_id}", unsupported.stream().map(f -> ErrorDetail.field(f, "<given>")).toList());
        }
        if (docker != null && docker.isBlank()) {
            throw new ApiException(ErrorCode.COMPOSE_FILE_REQUIRED, "docker_compose_file must not be empty");
        }
        ComposeEdit.requireFits(docker, preLaunch);
        return new CvmUpdateRequest(new ComposeEdit(docker, preLaunch, allowed, logs, sysinfo, tcbinfo),
                env == null ? null : EncryptedEnv.parse(env), toInt(vcpu), toInt(memory), toInt(disk), image);
    }

    boolean changesResources() {
        return vcpu != null || memoryMb != null || diskGb != null;
    }

    boolean changesMachine() {
        return changesResources() || image != null;
    }

    private static Integer toInt(Long value) {
        return value == null ? null : value.intValue();
    }

    @Override
    public String toString() {
        return "CvmUpdateRequest[" + compose.isEmpty() + " " + vcpu + "/" + memoryMb + "/" + diskGb + " " + image + "]";
    }

    /** Env names, each checked; null when absent. */
    static List<String> allowedEnvs(JsonBody body, String field, List<String> names) {
        if (names == null) {
            return null;
        }
        List<String> seen = new ArrayList<>();
        for (String name : names) {
            body.check(field, name, ENV_NAME.matcher(name).matches(),
                    "an env name is letters, digits and _ and does not start with a digit");
            body.check(field, name, !seen.contains(name), "an env name is listed once");
            seen.add(name);
        }
        return names;
    }
}
