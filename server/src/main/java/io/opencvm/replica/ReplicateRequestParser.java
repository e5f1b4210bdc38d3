package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.ValidationProblem;
import io.opencvm.cvm.EncryptedEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the raw Replicate CVM body the way the published API does: absent, {@code null} or {@code {}}
 * mean "no options"; wrong shapes are 422 in FastAPI's form; values of the right type but wrong content
 * (not hex, too short, malformed hash) are 400 ERR-02-008.
 */
final class ReplicateRequestParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern COMPOSE_HASH = Pattern.compile("^(0x)?[0-9a-fA-F]{64}$");

    private ReplicateRequestParser() {
    }

    static ReplicateRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return ReplicateRequest.EMPTY;
        }
        JsonNode root = readTree(body);
        if (root.isNull()) {
            return ReplicateRequest.EMPTY;
        }
        if (!root.isObject()) {
            throw ValidationProblem.of(List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", "model_attributes_type", null);
        }
        List<ValidationProblem.Item> problems = new ArrayList<>();
        Long nodeId = integer(root, "node_id", problems);
        Long teepodId = integer(root, "teepod_id", problems);
        String env = string(root, "encrypted_env", problems);
        String hash = string(root, "compose_hash", problems);
        if (problems.isEmpty() && nodeId != null && teepodId != null && !nodeId.equals(teepodId)) {
            problems.add(new ValidationProblem.Item(List.of("body"),
                    "Value error, node_id and teepod_id name different nodes", "value_error", null));
        }
        if (!problems.isEmpty()) {
            throw new ValidationProblem(problems);
        }
        return new ReplicateRequest(nodeId != null ? nodeId : teepodId, validEnv(env), validHash(hash));
    }

    /** {@code X-Prepare-Only}: absent is false; otherwise a boolean word, as the API's header parser takes it. */
    static boolean prepareOnly(String header) {
        if (header == null) {
            return false;
        }
        return switch (header.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw ValidationProblem.of(List.of("header", "X-Prepare-Only"),
                    "Input should be a valid boolean, unable to interpret input", "bool_parsing", header);
        };
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw ValidationProblem.of(List.of("body", 0), "JSON decode error", "json_invalid", null);
        }
    }

    private static Long integer(JsonNode root, String field, List<ValidationProblem.Item> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isString() && v.asString().trim().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.asString().trim());
        }
        problems.add(new ValidationProblem.Item(List.of("body", field),
                "Input should be a valid integer", v.isNumber() ? "int_from_float" : "int_parsing", v.toString()));
        return null;
    }

    private static String string(JsonNode root, String field, List<ValidationProblem.Item> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isString()) {
            return v.asString();
        }
        problems.add(new ValidationProblem.Item(List.of("body", field), "Input should be a valid string",
                "string_type", v.toString()));
        return null;
    }

    private static String validEnv(String hex) {
        return hex == null ? null : EncryptedEnv.parse(hex);
    }

    private static String validHash(String hash) {
        if (hash == null) {
            return null;
        }
        String trimmed = hash.trim();
        if (!COMPOSE_HASH.matcher(trimmed).matches()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Invalid compose_hash: expected 64 hex characters",
                    List.of(ErrorDetail.field("compose_hash", hash)));
        }
        return (trimmed.startsWith("0x") ? trimmed.substring(2) : trimmed).toLowerCase(Locale.ROOT);
    }
}
