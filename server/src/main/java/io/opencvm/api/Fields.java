package io.opencvm.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks the fields of one request and collects every problem as a FastAPI-shaped 422 item under one
 * location ({@code body}, {@code query}, {@code body.compose_file}…), then {@link #throwIfAny} throws them
 * together so that a client sees all its mistakes at once. Each check returns the value it was given, and
 * passes a null (absence is {@link #required}'s business). {@link JsonBody} adds typed reading of JSON.
 */
public class Fields {

    private final List<Object> loc;
    private final List<ValidationProblem.Item> items;

    Fields(List<Object> loc, List<ValidationProblem.Item> items) {
        this.loc = List.copyOf(loc);
        this.items = items;
    }

    /** A collector for the request part {@code where}: {@code body}, {@code query}, {@code header} or {@code path}. */
    public static Fields of(String where) {
        return new Fields(List.of(where), new ArrayList<>());
    }

    /** The value, or null after a {@code missing} problem. */
    public <T> T required(String field, T value) {
        if (value == null) {
            add(field, InputError.MISSING, null);
        }
        return value;
    }

    /** A string of {@code min} to {@code max} characters; surrounding blanks do not count towards {@code min}. */
    public String text(String field, String value, int min, int max) {
        if (value != null && value.strip().length() < min) {
            add(field, InputError.STRING_TOO_SHORT, value, characters(min));
        } else if (value != null && value.length() > max) {
            add(field, InputError.STRING_TOO_LONG, value, characters(max));
        }
        return value;
    }

    /** A string of {@code min} to {@code max} characters that matches {@code pattern}; only the first failure counts. */
    public String text(String field, String value, int min, int max, Pattern pattern) {
        int before = items.size();
        text(field, value, min, max);
        return items.size() > before ? value : matching(field, value, pattern);
    }

    public String matching(String field, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            add(field, InputError.STRING_PATTERN_MISMATCH, value, pattern.pattern());
        }
        return value;
    }

    /** {@code value >= min} ({@code greater_than_equal}). */
    public <N extends Number> N atLeast(String field, N value, long min) {
        if (value != null && value.longValue() < min) {
            add(field, InputError.GREATER_THAN_EQUAL, value, min);
        }
        return value;
    }

    /** {@code value > bound} ({@code greater_than}). */
    public <N extends Number> N above(String field, N value, long bound) {
        if (value != null && value.longValue() <= bound) {
            add(field, InputError.GREATER_THAN, value, bound);
        }
        return value;
    }

    /** {@code min <= value <= max} ({@code greater_than_equal}, {@code less_than_equal}). */
    public <N extends Number> N between(String field, N value, long min, long max) {
        if (value != null && value.longValue() > max) {
            add(field, InputError.LESS_THAN_EQUAL, value, max);
            return value;
        }
        return atLeast(field, value, min);
    }

    /**
     * A boolean written as text (a header or query value), read as pydantic reads one: {@code true/1/yes/on},
     * {@code false/0/no/off} in any case; anything else is {@code bool_parsing}. Absent (null) stays null.
     */
    public Boolean booleanText(String field, String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> {
                add(field, InputError.BOOL_PARSING, text);
                yield null;
            }
        };
    }

    /** One of {@code choices} by its wire name ({@code parse}); anything else is an {@code enum} problem. */
    public <E> E oneOf(String field, String value, Collection<String> choices, Function<String, Optional<E>> parse) {
        if (value == null) {
            return null;
        }
        Optional<E> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            add(field, InputError.ENUM, value, choices(choices));
        }
        return parsed.orElse(null);
    }

    /** A list of at most {@code max} items, else pydantic's {@code too_long}. */
    public <T> List<T> atMost(String field, List<T> value, int max) {
        if (value != null && value.size() > max) {
            add(field, InputError.TOO_LONG, null, max, value.size());
        }
        return value;
    }

    /** A value that must satisfy a rule with no pydantic type of its own: {@code value_error} with {@code why}. */
    public <T> T check(String field, T value, boolean valid, String why) {
        if (value != null && !valid) {
            add(field, InputError.VALUE_ERROR, value, why);
        }
        return value;
    }

    /** An absolute http(s) URL with a host, at most 512 characters (the rule for every URL an operator registers). */
    public static boolean isHttpUrl(String url) {
        if (url == null || url.length() > 512) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Records a problem of {@code field} (null: of this location itself). */
    public void add(String field, InputError error, Object input, Object... args) {
        items.add(error.at(loc(field), input, args));
    }

    public boolean hasProblems() {
        return !items.isEmpty();
    }

    /** Throws every problem found so far as one 422. */
    public void throwIfAny() {
        if (!items.isEmpty()) {
            throw new ValidationProblem(items);
        }
    }

    /** The location of {@code field} ({@code null}: this location), e.g. {@code ["body", "compose_file", "name"]}. */
    List<Object> loc(Object field) {
        List<Object> path = new ArrayList<>(loc);
        if (field != null) {
            path.add(field);
        }
        return path;
    }

    /** A collector of the same problems one level down, at {@code field}. */
    Fields nested(Object field) {
        return new Fields(loc(field), items);
    }

    List<ValidationProblem.Item> items() {
        return items;
    }

    private static String characters(int n) {
        return n + (n == 1 ? " character" : " characters");
    }

    /** Pydantic's list of choices: {@code 'a', 'b' or 'c'}. */
    private static String choices(Collection<String> choices) {
        List<String> quoted = choices.stream().map(c -> "'" + c + "'").toList();
        return quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }
}
