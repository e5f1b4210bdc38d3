package io.opencvm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the JMH module (bench/jmh) in its own JVM and reads its JSON results. */
final class JmhRun {

    private JmhRun() {
    }

    /** Rows of {benchmark, params, score, error, unit}. */
    static List<String[]> run(Config config) throws Exception {
        System.out.println("[bench] JMH ...");
        Path json = config.outDir().resolve("jmh.json");
        List<String> cmd = new ArrayList<>(List.of(Bench.javaBin(null), "-cp", config.jmhClasspath(),
                "org.openjdk.jmh.Main", "-f", "1", "-rf", "json", "-rff", json.toString()));
        if (config.quick()) {
            cmd.addAll(List.of("-wi", "1", "-w", "1s", "-i", "1", "-r", "1s"));
        } else {
            cmd.addAll(List.of("-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"));
        }
        String out = Procs.run(cmd, Map.of(), Duration.ofMinutes(20));
        Files.writeString(config.outDir().resolve("jmh.txt"), out);
        List<String[]> rows = new ArrayList<>();
        for (JsonNode b : JsonMapper.builder().build().readTree(json.toFile())) {
            StringBuilder params = new StringBuilder();
            b.path("params").properties().forEach(p -> params.append(p.getKey()).append('=')
                    .append(p.getValue().asString()).append(' '));
            JsonNode m = b.path("primaryMetric");
            rows.add(new String[] {b.path("benchmark").asString().replaceAll("^.*\\.bench\\.", ""),
                    params.toString().trim(), String.format("%.3f", m.path("score").asDouble()),
                    error(m.path("scoreError")), m.path("scoreUnit").asString()});
        }
        return rows;
    }

    /** JMH writes "NaN" (a string) when one iteration gives no error estimate. */
    private static String error(JsonNode e) {
        return e.isNumber() ? String.format("%.3f", e.asDouble()) : "—";
    }
}
