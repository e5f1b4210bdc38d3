package io.opencvm.account;

import io.opencvm.api.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Collects every problem of one request body, then throws them together as a FastAPI-shaped 422
 * ({@code loc: ["body", field]}), so that a client sees all its mistakes at once.
 */
final class FieldCheck {

    static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private final List<ValidationProblem.Item> items = new ArrayList<>();

    /** A request without any body at all: 422 {@code loc ["body"]}, type {@code missing}. */
    static void requireBody(Object body) {
        if (body == null) {
            throw ValidationProblem.of(List.of("body"), "Field required", "missing", null);
        }
    }

    /** The value, or null after recording a {@code missing} problem. */
    String required(String field, String value) {
        if (value == null) {
            items.add(item(field, "Field required", "missing", null));
        }
        return value;
    }

    String requiredText(String field, String value, int maxLength) {
        return text(field, required(field, value), maxLength);
    }

    /** An optional text: blank or too long is a problem, absent is not. */
    String text(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            items.add(item(field, "String should have at least 1 character", "string_too_short", value));
        } else if (value.length() > maxLength) {
            items.add(item(field, "String should have at most " + maxLength + " characters", "string_too_long", value));
        }
        return value;
    }

    String matching(String field, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            items.add(item(field, "String should match pattern '" + pattern.pattern() + "'", "string_pattern_mismatch", value));
        }
        return value;
    }

    String email(String field, String value) {
        if (value != null && (value.length() > 255 || !EMAIL.matcher(value).matches())) {
            items.add(item(field, "value is not a valid email address", "value_error", value));
        }
        return value;
    }

    /** Parses an enum by its wire name; null stays null (the caller decides the default). */
    <E extends Enum<E>> E oneOf(String field, String value, Function<String, Optional<E>> parse, E[] allowed) {
        if (value == null) {
            return null;
        }
        Optional<E> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (E e : allowed) {
                names.add("'" + e.name().toLowerCase() + "'");
            }
            String expected = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
            items.add(item(field, "Input should be " + expected, "enum", value));
        }
        return parsed.orElse(null);
    }

    void throwIfAny() {
        if (!items.isEmpty()) {
            throw new ValidationProblem(items);
        }
    }

    private static ValidationProblem.Item item(String field, String msg, String type, Object input) {
        return new ValidationProblem.Item(List.of("body", field), msg, type, input);
    }
}
