package io.opencvm.app;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A change of an app compose: each field that is not null replaces the compose's own (an empty
 * {@code preLaunchScript} removes it); everything else in the compose is kept as it is. The result is
 * canonical again, so its hash is what the clients compute.
 */
public record ComposeEdit(String dockerComposeFile, String preLaunchScript, List<String> allowedEnvs,
                          Boolean publicLogs, Boolean publicSysinfo, Boolean publicTcbinfo) {

    /** The most a docker compose and a pre-launch script may weigh together, in UTF-8 bytes. */
    public static final int MAX_BYTES = 200 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static ComposeEdit allowedEnvsOnly(List<String> allowedEnvs) {
        return new ComposeEdit(null, null, allowedEnvs, null, null, null);
    }

    /** Refuses (400 ERR-01-003) a docker compose and pre-launch script over {@link #MAX_BYTES} together; null is empty. */
    public static void requireFits(String dockerComposeFile, String preLaunchScript) {
        int size = (dockerComposeFile == null ? 0 : dockerComposeFile.getBytes(StandardCharsets.UTF_8).length)
                + (preLaunchScript == null ? 0 : preLaunchScript.getBytes(StandardCharsets.UTF_8).length);
        if (size > MAX_BYTES) {
            throw new ApiException(ErrorCode.INVALID_COMPOSE_FILE, "docker_compose_file and pre_launch_script together are "
                    + size + " bytes; at most " + MAX_BYTES + " are allowed");
        }
    }

    public boolean isEmpty() {
        return dockerComposeFile == null && preLaunchScript == null && allowedEnvs == null && publicLogs == null
                && publicSysinfo == null && publicTcbinfo == null;
    }

    /** The compose {@code current} (an app-compose.json text) with this change applied. */
    public AppCompose applyTo(String current) {
        ObjectNode compose = (ObjectNode) JSON.readTree(current);
        if (dockerComposeFile != null) {
            compose.put("docker_compose_file", dockerComposeFile);
        }
        if (preLaunchScript != null && preLaunchScript.isEmpty()) {
            compose.remove("pre_launch_script");
        } else if (preLaunchScript != null) {
            compose.put("pre_launch_script", preLaunchScript);
        }
        if (allowedEnvs != null) {
            compose.putPOJO("allowed_envs", List.copyOf(allowedEnvs));
        }
        if (publicLogs != null) {
            compose.put("public_logs", publicLogs);
        }
        if (publicSysinfo != null) {
            compose.put("public_sysinfo", publicSysinfo);
        }
        if (publicTcbinfo != null) {
            compose.put("public_tcbinfo", publicTcbinfo);
        }
        return AppCompose.canonical(JSON.writeValueAsString(compose));
    }

    /** The env names an app compose lets into the guest ({@code allowed_envs}; none when absent). */
    public static List<String> allowedEnvsOf(String compose) {
        JsonNode list = JSON.readTree(compose).get("allowed_envs");
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(n -> out.add(n.asString()));
        }
        return out;
    }
}
