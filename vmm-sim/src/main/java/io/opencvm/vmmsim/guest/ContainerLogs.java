package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RpcError;
import io.opencvm.vmmsim.prpc.StreamRoute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The guest agent's public {@code GET /logs/<container>?since&until&follow&text&timestamps&bare&tail&ansi}
 * ({@code http_routes.rs}): Docker's logs of one container, stdout and stderr. Each message is a JSON line
 * {@code {"channel":"stdout","message":"…"}} with the message in Base64 unless {@code text}; {@code bare} sends
 * the messages alone (ANSI stripped when {@code text} and not {@code ansi}). {@code since}/{@code until} are unix
 * seconds or {@code <n>s|m|h|d} ago; {@code tail} a count or {@code all} (default 1000); {@code timestamps}
 * prefixes Docker's RFC 3339 nano timestamp. Errors are a JSON line {@code {"error":"…"}} in a 200 stream,
 * as the agent yields them. Following ends when the container stops, after ten idle minutes, or when the client
 * goes.
 */
final class ContainerLogs {

    private static final DateTimeFormatter DOCKER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final GuestDirectory guests;
    private final StreamLimits limits;
    private final Supplier<Instant> clock;

    ContainerLogs(GuestDirectory guests, StreamLimits limits, Supplier<Instant> clock) {
        this.guests = guests;
        this.limits = limits;
        this.clock = clock;
    }

    StreamRoute.Opened open(String vmId, String container, Map<String, String> query) {
        Options o;
        try {
            o = new Options(QueryFlags.bool(query, "follow"), QueryFlags.bool(query, "text"),
                    QueryFlags.bool(query, "bare"), QueryFlags.bool(query, "timestamps"),
                    QueryFlags.bool(query, "ansi"), query.getOrDefault("tail", "1000"));
        } catch (QueryFlags.Invalid e) {
            return StreamRoute.Opened.reply(422, "422: Unprocessable Entity");
        }
        Instant now = clock.get();
        Long since = moment(query.get("since"), now);
        Long until = moment(query.get("until"), now);
        if (since == null) {
            return StreamRoute.Opened.stream(sink -> sink.send(error("Invalid since")));
        }
        if (until == null) {
            return StreamRoute.Opened.stream(sink -> sink.send(error("Invalid until")));
        }
        LogChannel log;
        try {
            log = guests.containerLog(vmId, container);
        } catch (RpcError e) {
            return StreamRoute.Opened.stream(sink -> sink.send(error("Failed to connect to Docker: " + e.getMessage())));
        }
        if (log == null) {
            return StreamRoute.Opened.stream(sink -> sink.send(
                    error("Docker responded with status code 404: No such container: " + container)));
        }
        return StreamRoute.Opened.stream(sink -> write(log, o, since, until, sink));
    }

    private void write(LogChannel log, Options o, long since, long until, StreamRoute.Sink sink)
            throws IOException, InterruptedException {
        List<LogLine> selected = new ArrayList<>();
        for (LogLine line : log.all()) {
            long at = line.at().getEpochSecond();
            if (at >= since && (until == 0 || at < until)) {
                selected.add(line);
            }
        }
        long next = log.end();
        long tail = o.tail.equals("all") ? Long.MAX_VALUE : parseTail(o.tail);
        for (LogLine line : selected.subList((int) Math.max(0, selected.size() - Math.min(tail, selected.size())),
                selected.size())) {
            sink.send(render(line, o));
        }
        if (o.follow && (until == 0 || until > clock.get().getEpochSecond())) {
            new Follower(log, limits, sink).follow(next, line -> render(line, o), limits.idleTimeout().toMillis(),
                    null);
        }
    }

    private static String render(LogLine line, Options o) {
        String message = (o.timestamps ? DOCKER_TIME.format(line.at()) + " " : "") + line.text();
        String body = o.text ? message
                : Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
        if (o.bare) {
            return o.text && !o.ansi ? QueryFlags.stripAnsi(body) : body;
        }
        Map<String, String> json = new LinkedHashMap<>();
        json.put("channel", line.stream());
        json.put("message", body);
        return Json.MAPPER.writeValueAsString(json) + "\n";
    }

    private static String error(String message) {
        return Json.MAPPER.writeValueAsString(Map.of("error", message));
    }

    /** Docker reads an unparsable tail as "all". */
    private static long parseTail(String tail) {
        try {
            long n = Long.parseLong(tail);
            return n < 0 ? Long.MAX_VALUE : n;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The agent's {@code parse_duration}: empty = 0, digits = unix seconds, {@code <n>s|m|h|d} = that long ago. */
    static Long moment(String text, Instant now) {
        if (text == null || text.isEmpty()) {
            return 0L;
        }
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(text);
            }
            long value = Long.parseLong(text.substring(0, text.length() - 1));
            long seconds = switch (text.charAt(text.length() - 1)) {
                case 's' -> value;
                case 'm' -> value * 60;
                case 'h' -> value * 3600;
                case 'd' -> value * 86_400;
                default -> -1;
            };
            return value < 0 || seconds < 0 ? null : Math.max(0, now.getEpochSecond() - seconds);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private record Options(boolean follow, boolean text, boolean bare, boolean timestamps, boolean ansi, String tail) {
    }
}
