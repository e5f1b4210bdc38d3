package io.opencvm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server jar as a process on PostgreSQL, production mode ({@code OPENCVM_EMBEDDED=false}, nodes
 * from a nodes file), with a resident-set sampler that runs as long as the process does.
 */
final class ServerProcess implements AutoCloseable {

    /** How one server start differs: the JDK, JVM flags and Spring properties. */
    record Launch(String stage, String javaHome, List<String> jvmArgs, List<String> springArgs) {
    }

    private final Process process;
    private final int port;
    private final RssSampler rss;
    private final Launch launch;
    private final Path dataDir;

    private ServerProcess(Process process, int port, RssSampler rss, Launch launch, Path dataDir) {
        this.process = process;
        this.port = port;
        this.rss = rss;
        this.launch = launch;
        this.dataDir = dataDir;
    }

    static ServerProcess start(Path jar, Launch launch, String jdbcUrl, String apiKey, Path nodesFile, Path outDir)
            throws IOException, InterruptedException {
        int port = Ports.free();
        Path dataDir = Files.createTempDirectory("opencvm-bench-data-");
        Map<String, String> env = new HashMap<>();
        env.put("OPENCVM_PORT", Integer.toString(port));
        env.put("OPENCVM_ADDRESS", "127.0.0.1");
        env.put("OPENCVM_MANAGEMENT_PORT", "0");
        // The benchmark drives one API key far past any per-key rate a deployment would set.
        env.put("OPENCVM_RATE_LIMIT_REQUESTS", "0");
        env.put("OPENCVM_MANAGEMENT_ADDRESS", "127.0.0.1");
        env.put("OPENCVM_DATA_DIR", dataDir.toString());
        env.put("OPENCVM_DB_URL", jdbcUrl);
        env.put("OPENCVM_DB_USER", "postgres");
        env.put("OPENCVM_DB_PASSWORD", "");
        env.put("OPENCVM_EMBEDDED", "false");
        env.put("OPENCVM_API_KEY", apiKey);
        if (nodesFile != null) {
            env.put("OPENCVM_NODES_FILE", nodesFile.toString());
        }
        List<String> command = new ArrayList<>();
        command.add(Bench.javaBin(launch.javaHome()));
        command.addAll(launch.jvmArgs());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(launch.springArgs());
        Path log = outDir.resolve("server-" + launch.stage() + ".log");
        Process p = Procs.start(command, env, log);
        ServerProcess server = new ServerProcess(p, port, RssSampler.start(p.pid()), launch, dataDir);
        server.awaitReady(log);
        return server;
    }

    private void awaitReady(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited before it was ready:\n" + Procs.tail(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("server not ready within 180 s:\n" + Procs.tail(log));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    RssSampler rss() {
        return rss;
    }

    Launch launch() {
        return launch;
    }

    @Override
    public void close() {
        rss.close();
        Procs.stop(process);
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("removing " + dataDir + ": " + e.getMessage());
        }
    }
}
