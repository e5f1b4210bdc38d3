package io.opencvm.replica;

import io.opencvm.api.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads commit-replica's body; the token may come as {@code ?token=} instead. */
final class CommitRequestParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CommitRequestParser() {
    }

    static CommitReplicaRequest parse(String body, String queryToken) {
        JsonNode root = JSON.nullNode();
        if (body != null && !body.isBlank()) {
            try {
                root = JSON.readTree(body);
            } catch (JacksonException e) {
                throw ValidationProblem.of(List.of("body", 0), "JSON decode error", "json_invalid", null);
            }
        }
        if (!root.isNull() && !root.isObject()) {
            throw ValidationProblem.of(List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", "model_attributes_type", null);
        }
        List<ValidationProblem.Item> problems = new ArrayList<>();
        String token = text(root, "token", problems);
        String hash = text(root, "compose_hash", problems);
        String tx = text(root, "transaction_hash", problems);
        if (token == null || token.isBlank()) {
            token = queryToken;
        }
        if (problems.isEmpty() && (token == null || token.isBlank())) {
            problems.add(new ValidationProblem.Item(List.of("body", "token"), "Field required", "missing", null));
        }
        if (!problems.isEmpty()) {
            throw new ValidationProblem(problems);
        }
        return new CommitReplicaRequest(token.trim(), hash, tx);
    }

    private static String text(JsonNode root, String field, List<ValidationProblem.Item> problems) {
        JsonNode v = root.isObject() ? root.get(field) : null;
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            problems.add(new ValidationProblem.Item(List.of("body", field), "Input should be a valid string",
                    "string_type", v.toString()));
            return null;
        }
        return v.asString();
    }
}
