package io.opencvm.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app-compose.json a CVM boots with, as exact text plus its hash. Built with RFC 8785 (JSON
 * Canonicalization Scheme), which is the SDK's {@code getComposeHash} rule, so clients that
 * recompute the hash agree with ours. The text is stored and sent to the node byte for byte.
 */
public record AppCompose(String json, String hash) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a provision request says about the compose; absent booleans take dstack's usual defaults. */
    public record Spec(String name, String dockerComposeFile, String preLaunchScript, List<String> allowedEnvs,
                       boolean gatewayEnabled, boolean publicLogs, boolean publicSysinfo, boolean publicTcbinfo) {
    }

    public static AppCompose build(Spec spec) {
        Map<String, Object> compose = new LinkedHashMap<>();
        compose.put("manifest_version", 2);
        compose.put("name", spec.name());
        compose.put("runner", "docker-compose");
        compose.put("docker_compose_file", spec.dockerComposeFile());
        compose.put("allowed_envs", spec.allowedEnvs());
        compose.put("kms_enabled", true);
        compose.put("gateway_enabled", spec.gatewayEnabled());
        compose.put("public_logs", spec.publicLogs());
        compose.put("public_sysinfo", spec.publicSysinfo());
        compose.put("public_tcbinfo", spec.publicTcbinfo());
        compose.put("local_key_provider_enabled", false);
        compose.put("key_provider_id", "");
        compose.put("no_instance_id", false);
        compose.put("secure_time", false);
        compose.put("features", List.of("kms", "tproxy-net"));
        if (spec.preLaunchScript() != null && !spec.preLaunchScript().isEmpty()) {
            compose.put("pre_launch_script", spec.preLaunchScript());
        }
        return canonical(JSON.writeValueAsString(compose));
    }

    /** Canonicalises any JSON text (RFC 8785) and hashes the result. */
    public static AppCompose canonical(String json) {
        try {
            String text = new JsonCanonicalizer(json).getEncodedString();
            return new AppCompose(text, sha256Hex(text));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON", e);
        }
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}: dstack's compose hash. */
    public static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
