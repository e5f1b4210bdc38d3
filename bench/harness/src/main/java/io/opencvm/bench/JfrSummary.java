package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of the server and writes where its CPU samples fall: by component (the first
 * frame from the top of the stack that is not the JDK's), by opencvm method (inclusive), and the
 * hottest leaf methods; plus where threads parked or blocked longest (lock and pool waits).
 */
final class JfrSummary {

    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("org.postgresql.", "PostgreSQL JDBC driver");
        COMPONENTS.put("com.zaxxer.hikari.", "HikariCP");
        COMPONENTS.put("tools.jackson.", "Jackson (JSON)");
        COMPONENTS.put("com.fasterxml.jackson.", "Jackson (JSON)");
        COMPONENTS.put("ch.qos.logback.", "logging");
        COMPONENTS.put("org.slf4j.", "logging");
        COMPONENTS.put("org.apache.logging.", "logging");
        COMPONENTS.put("org.apache.tomcat.", "Tomcat");
        COMPONENTS.put("org.apache.catalina.", "Tomcat");
        COMPONENTS.put("org.apache.coyote.", "Tomcat");
        COMPONENTS.put("io.micrometer.", "Micrometer");
        COMPONENTS.put("org.springframework.jdbc.", "Spring JDBC");
        COMPONENTS.put("org.springframework.transaction.", "Spring transactions");
        COMPONENTS.put("org.springframework.", "Spring (web, core)");
        COMPONENTS.put("io.opencvm.", "opencvm");
    }

    private JfrSummary() {
    }

    static String summarize(Path recording, java.time.Instant from, Path out) throws IOException {
        Map<String, Integer> byComponent = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> leaves = new HashMap<>();
        Map<String, Double> parkedMs = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (e.getStartTime().isBefore(from)) {
                    continue; // start-up and warm-up
                }
                String type = e.getEventType().getName();
                RecordedStackTrace st = e.getStackTrace();
                if (st == null) {
                    continue;
                }
                List<RecordedFrame> frames = st.getFrames();
                if (type.equals("jdk.ExecutionSample") && !frames.isEmpty()) {
                    samples++;
                    leaves.merge(name(frames.get(0)), 1, Integer::sum);
                    byComponent.merge(component(frames), 1, Integer::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (n.startsWith("io.opencvm.") && seen.add(n)) {
                            inclusive.merge(n, 1, Integer::sum);
                        }
                    }
                } else if (type.equals("jdk.ThreadPark") || type.equals("jdk.JavaMonitorEnter")) {
                    String site = frames.stream().map(JfrSummary::name)
                            .filter(n -> !n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun."))
                            .findFirst().orElse("(JDK)");
                    parkedMs.merge(type.substring(4) + " at " + site, e.getDuration().toNanos() / 1e6, Double::sum);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("CPU samples: ").append(samples).append("\n\nBy component (first non-JDK frame from the top):\n");
        append(b, byComponent, samples, 20);
        b.append("\nopencvm methods, inclusive (share of samples with the method on the stack):\n");
        append(b, inclusive, samples, 40);
        b.append("\nHottest leaf methods:\n");
        append(b, leaves, samples, 30);
        b.append("\nLongest waits (ThreadPark / JavaMonitorEnter over the JFR threshold), total ms by site:\n");
        parkedMs.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(20)
                .forEach(en -> b.append(String.format(Locale.ROOT, "%12.0f  %s%n", en.getValue(), en.getKey())));
        Files.writeString(out, b.toString());
        return b.toString();
    }

    private static void append(StringBuilder b, Map<String, Integer> counts, int total, int limit) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(en -> b.append(String.format(Locale.ROOT, "%6.1f%%  %s%n",
                        100.0 * en.getValue() / Math.max(1, total), en.getKey())));
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (Map.Entry<String, String> c : COMPONENTS.entrySet()) {
                if (type.startsWith(c.getKey())) {
                    return c.getValue();
                }
            }
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return "other: " + type.replaceAll("\\.[^.]*$", "");
            }
        }
        return "JDK only";
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
