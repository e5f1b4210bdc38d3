package io.opencvm.reliability;

import io.opencvm.testsupport.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One opencvm server as the production binary runs: {@code java -jar opencvm-server.jar} with
 * {@code OPENCVM_EMBEDDED=false} on a PostgreSQL database, the nodes registered from the nodes file, on a fixed
 * loopback port (kept across restarts). It can be killed with SIGKILL, stopped with SIGTERM, frozen and thawed,
 * and started again on the same database and port.
 */
final class ControlPlane implements AutoCloseable {

    /** Server settings the harnesses use: short intervals so that a run takes minutes, not hours. */
    static final Map<String, String> HARNESS_SETTINGS = Map.of(
            "opencvm.nodes.probe-interval", "PT2S",
            "opencvm.reconcile.interval", "PT1S",
            "opencvm.operations.lease", "PT10S",
            "opencvm.operations.retry.initial", "PT0.5S",
            "opencvm.operations.retry.max", "PT5S");

    private static final Path JAR = Path.of(System.getProperty("opencvm.server.jar", "../server/target/opencvm-server.jar"));
    private static final Duration READY_DEADLINE = Duration.ofSeconds(180);

    private final String name;
    private final Path dir;
    private final int port;
    private final Map<String, String> env;
    private final List<String> args;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;
    private int starts;

    ControlPlane(String name, Path dir, Database db, Path nodesFile, String apiKey, Map<String, String> settings) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("server jar not found at " + JAR.toAbsolutePath()
                    + "; build it with: mvn -B -q -pl server -am package -DskipTests");
        }
        this.name = name;
        this.dir = dir;
        this.port = Launcher.freePort();
        this.env = new LinkedHashMap<>(Map.of("OPENCVM_EMBEDDED", "false", "OPENCVM_DB_URL", db.jdbcUrl(),
                "OPENCVM_DB_USER", db.user(), "OPENCVM_DB_PASSWORD", "", "OPENCVM_API_KEY", apiKey,
                "OPENCVM_NODES_FILE", nodesFile.toString(), "OPENCVM_PORT", Integer.toString(port),
                "OPENCVM_ADDRESS", "127.0.0.1", "OPENCVM_DATA_DIR", dir.resolve("data").toString()));
        // Several servers run side by side; their management ports (metrics) are not used here.
        env.put("OPENCVM_MANAGEMENT_PORT", "0");
        // The harnesses' clients share one key and send bursts far past a deployment's per-key rate.
        env.put("OPENCVM_RATE_LIMIT_REQUESTS", "0");
        this.args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path log() {
        return dir.resolve(name + ".log");
    }

    /** The server's process id (the JVM's own), or -1 when it is not running. */
    long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Starts the server and waits until its readiness probe ({@code /readyz} on the API port) says UP. */
    void start() {
        List<String> command = new ArrayList<>(List.of(Launcher.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx384m", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        starts++;
        process = Launcher.start(command, env, dir, log(), name + " start #" + starts + " on port " + port);
        awaitReady();
    }

    /** kill -9: the JVM ends at once, mid-request and mid-transaction. */
    void kill9() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            waitForExit(p, Duration.ofSeconds(30));
        }
    }

    /** SIGTERM (a graceful stop); waits up to {@code patience} for the process to end. True when it ended. */
    boolean terminate(Duration patience) {
        Process p = process;
        if (p == null) {
            return true;
        }
        p.destroy();
        return waitForExit(p, patience);
    }

    /** SIGSTOP: the process stays, frozen (its leases run out, its sockets stay open). */
    void freeze() {
        Launcher.signal(process.pid(), "STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        Launcher.signal(process.pid(), "CONT");
    }

    private void awaitReady() {
        Process p = process;
        boolean ready = Await.until(() -> !p.isAlive() || ready(), done -> done, READY_DEADLINE) && p.isAlive();
        if (!ready) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not become ready within " + READY_DEADLINE + "; see " + log());
        }
    }

    private boolean ready() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUri()
                    .resolve("/readyz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean waitForExit(Process p, Duration patience) {
        try {
            return p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            waitForExit(p, Duration.ofSeconds(30));
        }
    }
}
