package io.opencvm.vmmsim.node;

import java.time.Duration;

/** {@code humantime::format_duration} truncated to whole seconds: {@code 1h 2m 3s}, {@code 2days 1h}, {@code 0s}. */
public final class HumanDuration {

    private static final long YEAR = 31_557_600L;
    private static final long MONTH = 2_630_016L;
    private static final long DAY = 86_400L;

    private HumanDuration() {
    }

    public static String format(Duration duration) {
        long secs = Math.max(0, duration.getSeconds());
        if (secs == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        secs = unit(out, secs, YEAR, "year", true);
        secs = unit(out, secs, MONTH, "month", true);
        secs = unit(out, secs, DAY, "day", true);
        secs = unit(out, secs, 3600, "h", false);
        secs = unit(out, secs, 60, "m", false);
        unit(out, secs, 1, "s", false);
        return out.toString();
    }

    private static long unit(StringBuilder out, long secs, long size, String name, boolean plural) {
        long count = secs / size;
        if (count > 0) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(count).append(name);
            if (plural && count > 1) {
                out.append('s');
            }
        }
        return secs % size;
    }
}
