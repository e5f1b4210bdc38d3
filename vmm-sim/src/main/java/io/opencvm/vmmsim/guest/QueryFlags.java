package io.opencvm.vmmsim.guest;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Query parameters as Rocket's form guards read them: a {@code bool} is true when present with no value or one of
 * {@code on/true/yes/1}, false when absent or {@code off/false/no/0}; anything else is a form error (422).
 */
final class QueryFlags {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]");

    private QueryFlags() {
    }

    /** Thrown for a value Rocket would not parse; the route answers 422. */
    static final class Invalid extends RuntimeException {
        Invalid(String name) {
            super("invalid value for `" + name + "`", null, false, false);
        }
    }

    static boolean bool(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new Invalid(name);
        };
    }

    /** An unsigned integer, or {@code fallback} when absent. */
    static long unsigned(Map<String, String> query, String name, long fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new Invalid(name);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Invalid(name);
        }
    }

    /** {@code strip_ansi_escapes}: drops terminal colour and cursor sequences. */
    static String stripAnsi(String text) {
        return ANSI.matcher(text).replaceAll("");
    }
}
