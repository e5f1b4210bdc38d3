package io.opencvm.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Closed loop with wrk (Debian package): fixed connections, each sends its next request when the last returns. */
final class Wrk {

    private static final Pattern LINE = Pattern.compile("^BENCH (\\{.*})$", Pattern.MULTILINE);

    private final Path script;
    private final String baseUrl;
    private final String key;

    Wrk(Path script, String baseUrl, String key) {
        this.script = script;
        this.baseUrl = baseUrl;
        this.key = key;
    }

    Result run(String method, String body, List<String> paths, int connections, Duration duration) {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "10s", "-s", script.toString(), baseUrl, "--", method, key, body == null ? "-" : body));
        cmd.addAll(paths);
        String out = Procs.run(cmd, Map.of(), duration.plusSeconds(60));
        Matcher m = LINE.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no result:\n" + out);
        }
        JsonNode r = JsonMapper.builder().build().readTree(m.group(1));
        long errors = r.path("connect").asLong() + r.path("read").asLong() + r.path("write").asLong()
                + r.path("status").asLong() + r.path("timeout").asLong();
        return new Result("wrk", r.path("requests").asLong(), errors, r.path("duration_us").asLong() / 1e6,
                r.path("p50_us").asLong() / 1000.0, r.path("p99_us").asLong() / 1000.0,
                r.path("max_us").asLong() / 1000.0, "");
    }
}
