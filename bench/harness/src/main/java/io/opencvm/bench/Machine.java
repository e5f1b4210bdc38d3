package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the figures were measured on. */
final class Machine {

    private Machine() {
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static void describe(Map<String, String> m) {
        m.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        m.put("memory", memory());
        m.put("OS", read("/etc/os-release", "PRETTY_NAME=").replace("\"", "") + ", kernel "
                + System.getProperty("os.version"));
        m.put("JDK (server, harness)", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("wrk", firstLine(List.of("wrk", "--version")));
        m.put("commit", firstLine(List.of("git", "-C", System.getProperty("bench.repo", "."), "log", "-1",
                "--format=%h %s")));
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo", "model name").replaceAll("^[^:]*:\\s*", "");
    }

    private static String memory() {
        String kb = read("/proc/meminfo", "MemTotal:").replaceAll("[^0-9]", "");
        return kb.isEmpty() ? "?" : Math.round(Long.parseLong(kb) / 1024.0 / 1024.0) + " GiB";
    }

    private static String read(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(prefix.length()).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(List<String> command) {
        try {
            return Procs.run(command, Map.of(), Duration.ofSeconds(10)).lines().findFirst().orElse("?").trim();
        } catch (RuntimeException e) {
            // wrk --version exits 1 after printing its version
            String msg = e.getMessage() == null ? "?" : e.getMessage();
            return msg.lines().skip(1).findFirst().orElse("?").trim();
        }
    }
}
