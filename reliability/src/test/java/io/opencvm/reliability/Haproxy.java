package io.opencvm.reliability;

import io.opencvm.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (the Debian package) in front of several servers: a generated configuration on loopback ports,
 * round robin, health checks on the servers' readiness probe ({@code /readyz}), a stats page to read per-server figures from. It
 * runs in the foreground as a child process and is killed on close.
 */
final class Haproxy implements AutoCloseable {

    private static final Path BINARY = Path.of(System.getProperty("reliability.haproxy", "/usr/sbin/haproxy"));

    private final Process process;
    private final int port;
    private final int statsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Haproxy(Process process, int port, int statsPort) {
        this.process = process;
        this.port = port;
        this.statsPort = statsPort;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts HAProxy in front of {@code servers}; returns once its frontend accepts and every server is up. */
    static Haproxy start(Path dir, List<ControlPlane> servers) {
        int port = Launcher.freePort();
        int statsPort = Launcher.freePort();
        StringBuilder config = new StringBuilder("""
                global
                    maxconn 1024
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    retries 2
                    option redispatch
                frontend api
                    bind 127.0.0.1:%d
                    default_backend servers
                backend servers
                    balance roundrobin
                    option httpchk GET /readyz
                    http-check expect status 200
                    default-server inter 500ms fall 2 rise 2
                """.formatted(port));
        for (ControlPlane s : servers) {
            config.append("    server ").append(s.name()).append(" 127.0.0.1:").append(s.port()).append(" check\n");
        }
        config.append("""
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(statsPort));
        Path file = dir.resolve("haproxy.cfg");
        try {
            Files.writeString(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = Launcher.start(List.of(BINARY.toString(), "-db", "-f", file.toString()), Map.of(), dir,
                dir.resolve("haproxy.log"), "haproxy on 127.0.0.1:" + port);
        Haproxy haproxy = new Haproxy(process, port, statsPort);
        boolean up = Await.until(() -> haproxy.serversUp() == servers.size() || !process.isAlive(), done -> done,
                Duration.ofSeconds(60));
        if (!up || !process.isAlive()) {
            haproxy.close();
            throw new IllegalStateException("HAProxy did not come up with every server; see " + dir.resolve("haproxy.log"));
        }
        return haproxy;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Servers HAProxy's health checks find up. */
    int serversUp() {
        return (int) stats().values().stream().filter(row -> row.get("status").startsWith("UP")).count();
    }

    /** Per server (by name): the 2xx answers HAProxy passed on from it so far. */
    Map<String, Long> answers2xx() {
        Map<String, Long> out = new HashMap<>();
        stats().forEach((name, row) -> out.put(name, Long.parseLong(row.getOrDefault("hrsp_2xx", "0").isEmpty() ? "0"
                : row.get("hrsp_2xx"))));
        return out;
    }

    /** The stats CSV's rows of the servers of backend {@code servers}, by server name, column → value. */
    private Map<String, Map<String, String>> stats() {
        Map<String, Map<String, String>> out = new HashMap<>();
        String csv;
        try {
            csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        }
        List<String> lines = csv.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
            return out;
        }
        List<String> header = Arrays.asList(lines.get(0).substring(2).split(",", -1));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length < header.size() || !cells[0].equals("servers") || cells[1].equals("BACKEND")) {
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells[i]);
            }
            out.put(cells[1], row);
        }
        return out;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
