package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RpcError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The parts of {@code app-compose.json} the simulated VMM and guest act on. Parsing mirrors serde on
 * {@code AppCompose}: {@code manifest_version}, {@code name} and {@code runner} are required, unknown fields
 * are ignored.
 */
public record AppCompose(String name, String runner, boolean gatewayEnabled, String keyProvider,
        List<String> allowedEnvs, boolean noInstanceId, boolean hasInitScript, boolean hasPreLaunchScript,
        String dockerComposeFile, boolean publicLogs, boolean publicSysinfo, boolean publicTcbinfo) {

    /** Only checks that the text is JSON: {@code invalid app compose JSON: …}. */
    public static JsonNode parseJson(String composeFile) {
        try {
            return Json.MAPPER.readTree(composeFile);
        } catch (JacksonException e) {
            throw new RpcError("invalid app compose JSON: " + e.getOriginalMessage());
        }
    }

    /** Full parse; the error is the serde message without context (callers add theirs). */
    public static AppCompose parse(String composeFile) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(composeFile);
        } catch (JacksonException e) {
            throw new RpcError(e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RpcError("invalid type: expected struct AppCompose");
        }
        checkManifestVersion(root.get("manifest_version"));
        String name = requiredString(root, "name");
        String runner = requiredString(root, "runner");
        boolean gateway = bool(root, "gateway_enabled") || bool(root, "tproxy_enabled");
        String keyProvider = keyProvider(root);
        List<String> allowed = new ArrayList<>();
        JsonNode envs = root.get("allowed_envs");
        if (envs != null && envs.isArray()) {
            envs.forEach(e -> allowed.add(e.asString()));
        }
        JsonNode init = root.get("init_script");
        boolean hasInit = init != null && ((init.isString() && !init.asString().isEmpty())
                || (init.isArray() && !init.isEmpty()));
        JsonNode preLaunch = root.get("pre_launch_script");
        boolean hasPreLaunch = preLaunch != null && preLaunch.isString() && !preLaunch.asString().isEmpty();
        JsonNode docker = root.get("docker_compose_file");
        JsonNode tcb = root.get("public_tcbinfo");
        return new AppCompose(name, runner, gateway, keyProvider, List.copyOf(allowed), bool(root, "no_instance_id"),
                hasInit, hasPreLaunch, docker != null && docker.isString() ? docker.asString() : null,
                bool(root, "public_logs"), bool(root, "public_sysinfo"), tcb == null || !tcb.isBoolean() || tcb.asBoolean());
    }

    public boolean usesKms() {
        return keyProvider.equals("kms");
    }

    private static void checkManifestVersion(JsonNode version) {
        if (version == null || version.isNull()) {
            throw new RpcError("missing field `manifest_version`");
        }
        boolean numeric = version.isIntegralNumber() && version.asLong() >= 1 && version.asLong() <= 2;
        boolean text = version.isString() && version.asString().matches("[1-9][0-9]*");
        if (!numeric && !text) {
            throw new RpcError("invalid manifest_version: " + version);
        }
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new RpcError("missing field `" + field + "`");
        }
        if (!value.isString()) {
            throw new RpcError("invalid type: " + value + ", expected a string for `" + field + "`");
        }
        return value.asString();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.isBoolean() && value.asBoolean();
    }

    /** {@code key_provider} wins over the legacy {@code kms_enabled} / {@code local_key_provider_enabled}. */
    private static String keyProvider(JsonNode root) {
        JsonNode explicit = root.get("key_provider");
        if (explicit != null && explicit.isString()) {
            return explicit.asString();
        }
        if (bool(root, "kms_enabled")) {
            return "kms";
        }
        return bool(root, "local_key_provider_enabled") ? "local" : "none";
    }
}
