package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.prpc.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The guest's {@code parse_env}: {@code {"env":[{"key","value"}]}}, names outside {@code allowed_envs} silently
 * dropped, and the key, size and count limits as boot failures.
 */
public final class EnvFile {

    private static final Pattern KEY = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final int MAX_ENTRIES = 1024;
    private static final int MAX_KEY = 255;
    private static final int MAX_VALUE = 128 * 1024;
    private static final int MAX_TOTAL = 1024 * 1024;

    private EnvFile() {
    }

    /** @throws IllegalArgumentException with the reason the guest would fail the boot with */
    public static Map<String, String> parse(byte[] plaintext, List<String> allowedEnvs) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(plaintext);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid env JSON: " + e.getOriginalMessage());
        }
        JsonNode entries = root == null ? null : root.get("env");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("missing field `env`");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("too many env vars");
        }
        Map<String, String> out = new LinkedHashMap<>();
        long total = 0;
        for (JsonNode entry : entries) {
            String key = entry.path("key").asString("");
            String value = entry.path("value").asString("");
            if (!allowedEnvs.contains(key)) {
                continue;
            }
            int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
            int valueBytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (keyBytes > MAX_KEY || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("invalid env key: " + key);
            }
            if (valueBytes > MAX_VALUE) {
                throw new IllegalArgumentException("env value too long: " + key);
            }
            total += keyBytes + valueBytes;
            if (total > MAX_TOTAL) {
                throw new IllegalArgumentException("env too large");
            }
            out.put(key, value);
        }
        return out;
    }
}
