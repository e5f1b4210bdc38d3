package io.opencvm.api;

import java.util.List;

/**
 * Pydantic's error types, the {@code type} of each item of a FastAPI-shaped 422, with the message each
 * carries. The only place these literals are written: every 422 item is made by {@link #at}.
 */
public enum InputError {
    MISSING("missing", "Field required"),
    JSON_INVALID("json_invalid", "JSON decode error"),
    MODEL_ATTRIBUTES_TYPE("model_attributes_type", "Input should be a valid dictionary or object to extract fields from"),
    DICT_TYPE("dict_type", "Input should be a valid dictionary"),
    LIST_TYPE("list_type", "Input should be a valid list"),
    STRING_TYPE("string_type", "Input should be a valid string"),
    INT_TYPE("int_type", "Input should be a valid integer"),
    INT_PARSING("int_parsing", "Input should be a valid integer"),
    INT_FROM_FLOAT("int_from_float", "Input should be a valid integer"),
    BOOL_TYPE("bool_type", "Input should be a valid boolean"),
    BOOL_PARSING("bool_parsing", "Input should be a valid boolean, unable to interpret input"),
    TYPE_ERROR("type_error", "Input should be a valid %s"),
    GREATER_THAN("greater_than", "Input should be greater than %s"),
    GREATER_THAN_EQUAL("greater_than_equal", "Input should be greater than or equal to %s"),
    LESS_THAN_EQUAL("less_than_equal", "Input should be less than or equal to %s"),
    STRING_TOO_SHORT("string_too_short", "String should have at least %s"),
    STRING_TOO_LONG("string_too_long", "String should have at most %s"),
    TOO_LONG("too_long", "List should have at most %s items after validation, not %s"),
    STRING_PATTERN_MISMATCH("string_pattern_mismatch", "String should match pattern '%s'"),
    ENUM("enum", "Input should be %s"),
    VALUE_ERROR("value_error", "%s");

    private final String type;
    private final String message;

    InputError(String type, String message) {
        this.type = type;
        this.message = message;
    }

    /** The wire literal, e.g. {@code greater_than_equal}. */
    public String type() {
        return type;
    }

    /** The item at {@code loc} for {@code input} (null leaves it out); {@code args} fill the message's blanks. */
    public ValidationProblem.Item at(List<Object> loc, Object input, Object... args) {
        return new ValidationProblem.Item(List.copyOf(loc), String.format(message, args), type, input);
    }

    /** A 422 with this one item. */
    public ValidationProblem problem(List<Object> loc, Object input, Object... args) {
        return new ValidationProblem(List.of(at(loc, input, args)));
    }
}
