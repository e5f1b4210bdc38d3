package io.opencvm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a JSON request body field by field, as FastAPI reads a pydantic model: an explicit {@code null}
 * counts as absent; a value of the wrong type is a 422 item at its location ({@code ["body", field]}), and
 * the checks of {@link Fields} apply to what was read. Integers are read leniently as pydantic does: a JSON
 * integer or a string of digits; a fraction is {@code int_from_float}, any other string or a boolean
 * {@code int_parsing}. Nothing is thrown before {@link #throwIfAny}, so every problem is reported at once.
 */
public final class JsonBody extends Fields {

    private static final JsonMapper JSON = JsonReadLimits.builder().build();
    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,18}");

    private final JsonNode node;

    private JsonBody(JsonNode node, Fields at) {
        super(at.loc(null), at.items());
        this.node = node;
    }

    /** A body the route requires: none at all is {@code missing}; anything but an object {@code model_attributes_type}. */
    public static JsonBody required(JsonNode body) {
        if (absent(body)) {
            throw InputError.MISSING.problem(List.of("body"), null);
        }
        return object(body);
    }

    /** A body the route may go without: none at all (or {@code null}) reads as {@code {}}. */
    public static JsonBody optional(JsonNode body) {
        return object(absent(body) ? JsonNodeFactory.instance.objectNode() : body);
    }

    /** {@link #optional} over the raw text of a body; text that is not JSON is {@code json_invalid}. */
    public static JsonBody parse(String text) {
        if (text == null || text.isBlank()) {
            return optional(null);
        }
        try {
            return optional(JSON.readTree(text));
        } catch (JacksonException e) {
            throw InputError.JSON_INVALID.problem(List.of("body", 0), null);
        }
    }

    private static JsonBody object(JsonNode body) {
        if (!body.isObject()) {
            throw InputError.MODEL_ATTRIBUTES_TYPE.problem(List.of("body"), null);
        }
        return new JsonBody(body, Fields.of("body"));
    }

    private static boolean absent(JsonNode body) {
        return body == null || body.isNull() || body.isMissingNode();
    }

    public String string(String field) {
        JsonNode v = value(field);
        if (v == null || v.isString()) {
            return v == null ? null : v.asString();
        }
        add(field, InputError.STRING_TYPE, v);
        return null;
    }

    public String requiredString(String field) {
        return value(field) == null ? required(field, null) : string(field);
    }

    /** A required, non-blank string that must never be echoed back (an API key): its problems carry no input. */
    public String requiredSecret(String field) {
        JsonNode v = value(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            add(field, v == null ? InputError.MISSING : v.isString() ? InputError.STRING_TOO_SHORT : InputError.STRING_TYPE,
                    null, "1 character");
            return null;
        }
        return v.asString();
    }

    public Boolean bool(String field) {
        JsonNode v = value(field);
        if (v == null || v.isBoolean()) {
            return v == null ? null : v.asBoolean();
        }
        add(field, InputError.BOOL_TYPE, v);
        return null;
    }

    /** A whole number (see the class comment); null when absent or not one. */
    public Long integer(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isString() && DIGITS.matcher(v.asString().trim()).matches()) {
            return Long.parseLong(v.asString().trim());
        }
        add(field, v.isNumber() ? InputError.INT_FROM_FLOAT
                : v.isString() || v.isBoolean() ? InputError.INT_PARSING : InputError.INT_TYPE, v);
        return null;
    }

    public List<String> strings(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            add(field, InputError.LIST_TYPE, v);
            return null;
        }
        List<String> out = new ArrayList<>();
        Fields list = nested(field);
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isString()) {
                out.add(v.get(i).asString());
            } else {
                list.items().add(InputError.STRING_TYPE.at(list.loc(i), v.get(i)));
            }
        }
        return out;
    }

    /** A nested object the body must have; null (with its problem recorded) when missing or not an object. */
    public JsonBody object(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return required(field, null);
        }
        if (!v.isObject()) {
            add(field, InputError.DICT_TYPE, v);
            return null;
        }
        return new JsonBody(v, nested(field));
    }

    private JsonNode value(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }
}
