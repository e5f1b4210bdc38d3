package io.opencvm.cvm;

import io.opencvm.api.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads typed fields of a JSON request body and collects every shape problem as a FastAPI-style
 * 422 item ({@code loc}, {@code msg}, {@code type}); {@link #validate} throws them all at once.
 * An explicit {@code null} counts as absent.
 */
final class BodyFields {

    private final JsonNode node;
    private final List<Object> loc;
    private final List<ValidationProblem.Item> problems;

    private BodyFields(JsonNode node, List<Object> loc, List<ValidationProblem.Item> problems) {
        this.node = node;
        this.loc = loc;
        this.problems = problems;
    }

    /** The body as an object; an absent body reads as {@code {}} when {@code emptyAllowed}. */
    static BodyFields of(JsonNode body, boolean emptyAllowed) {
        if ((body == null || body.isNull() || body.isMissingNode()) && emptyAllowed) {
            return new BodyFields(JsonNodeFactory.instance.objectNode(), List.of("body"),
                    new ArrayList<>());
        }
        if (body == null || !body.isObject()) {
            throw ValidationProblem.of(List.of("body"), "Input should be a valid dictionary or object to extract fields from",
                    "model_attributes_type", null);
        }
        return new BodyFields(body, List.of("body"), new ArrayList<>());
    }

    String requiredString(String field) {
        JsonNode v = value(field);
        if (v == null) {
            problem(field, "Field required", "missing");
            return null;
        }
        return string(field, v);
    }

    String optionalString(String field) {
        JsonNode v = value(field);
        return v == null ? null : string(field, v);
    }

    Integer optionalInt(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.asInt();
        }
        problem(field, "Input should be a valid integer", "int_type");
        return null;
    }

    Boolean optionalBoolean(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        problem(field, "Input should be a valid boolean", "bool_type");
        return null;
    }

    List<String> optionalStrings(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            problem(field, "Input should be a valid list", "list_type");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isString()) {
                out.add(v.get(i).asString());
            } else {
                problems.add(new ValidationProblem.Item(append(field, i), "Input should be a valid string", "string_type", null));
            }
        }
        return out;
    }

    /** A nested object field; null (with a problem recorded) when it is missing or not an object. */
    BodyFields requiredObject(String field) {
        JsonNode v = value(field);
        if (v == null) {
            problem(field, "Field required", "missing");
            return null;
        }
        if (!v.isObject()) {
            problem(field, "Input should be a valid dictionary", "dict_type");
            return null;
        }
        return new BodyFields(v, append(field, null), problems);
    }

    void problem(String field, String msg, String type) {
        problems.add(new ValidationProblem.Item(append(field, null), msg, type, null));
    }

    /** Throws every problem found so far as one 422. */
    void validate() {
        if (!problems.isEmpty()) {
            throw new ValidationProblem(problems);
        }
    }

    private String string(String field, JsonNode v) {
        if (v.isString()) {
            return v.asString();
        }
        problem(field, "Input should be a valid string", "string_type");
        return null;
    }

    private JsonNode value(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private List<Object> append(String field, Integer index) {
        List<Object> path = new ArrayList<>(loc);
        path.add(field);
        if (index != null) {
            path.add(index);
        }
        return path;
    }
}
