package io.opencvm.reliability;

import io.opencvm.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * One crash run: a fresh PostgreSQL database, the nodes in their own process, the server as a process of its own;
 * sources deployed; then concurrent clients replicate and delete while the server is killed with SIGKILL at random
 * moments and restarted; then the fleet settles and {@link Invariants} are checked. Everything it starts it stops.
 */
final class CrashRun {

    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final int SOURCES = 3;
    private static final Duration SETTLE = Duration.ofSeconds(180);
    private static final Duration QUIET = Duration.ofSeconds(15);

    /** The figures of a run and what broke. */
    record Report(CrashSettings settings, long requestsSent, List<Killer.Kill> kills, Map<String, Long> outcomes,
                  String unanswered, long cvmRows, long liveCvms, long vmsOnNodes, Duration took, List<String> violations,
                  Path workDir) {

        String summary() {
            StringBuilder out = new StringBuilder();
            out.append("crash run seed=").append(settings.seed()).append(" (replay: ").append(settings.replayCommand())
                    .append(")\n");
            out.append("  requests sent: ").append(requestsSent).append(", kills: ").append(kills.size())
                    .append(", clients: ").append(settings.clients()).append(", took ").append(took.toSeconds())
                    .append(" s\n");
            outcomes.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
            out.append("  ").append(unanswered).append('\n');
            out.append("  CVM rows: ").append(cvmRows).append(" (live at the end: ").append(liveCvms)
                    .append("), VMs on the nodes: ").append(vmsOnNodes).append('\n');
            kills.forEach(k -> out.append("  kill at ").append(k.at()).append(" after ").append(k.uptime().toMillis())
                    .append(" ms up; restart took ").append(k.restart().toMillis()).append(" ms\n"));
            out.append("  violations: ").append(violations.size()).append('\n');
            violations.stream().limit(100).forEach(v -> out.append("    - ").append(v).append('\n'));
            out.append("  logs: ").append(workDir).append('\n');
            return out.toString();
        }
    }

    private CrashRun() {
    }

    static Report run(CrashSettings settings) throws InterruptedException {
        Path dir = workDir("crash-" + settings.seed());
        System.out.println("crash run starting: seed=" + settings.seed() + " requests>=" + settings.requests()
                + " kills=" + settings.kills() + " clients=" + settings.clients() + "; replay with: "
                + settings.replayCommand() + "; work dir " + dir);
        Instant started = Instant.now();
        String apiKey = "ocv_crash_" + HexFormat.of().formatHex(randomBytes(20));
        Database db = Database.create("crash");
        boolean clean = false;
        try (NodeFleet nodes = NodeFleet.start(dir, NODES, Duration.ofMillis(20), 512, 4_194_304, 400);
             ControlPlane server = new ControlPlane("server", dir, db, nodes.nodesFile(), apiKey,
                     ControlPlane.HARNESS_SETTINGS)) {
            server.start();
            Api api = new Api(server.baseUri(), apiKey);
            List<Long> nodeIds = awaitNodesOnline(api);
            List<String> sources = deploySources(api, db, settings.seed());
            Ledger ledger = new Ledger();
            ServerGate gate = new ServerGate();
            Killer killer = new Killer(server, gate, settings);
            Thread killing = new Thread(killer::run, "killer");
            killing.start();
            new CrashWorkload(api, settings, sources, nodeIds, ledger, gate)
                    .run(() -> killer.finished() && ledger.sent() >= settings.requests());
            killing.join(settings.deadline().toMillis());
            settle(db);
            FleetSnapshot snapshot = FleetSnapshot.take(db, api, nodes, ledger);
            List<String> violations = new ArrayList<>(Invariants.check(snapshot, ledger));
            if (killer.kills().size() < settings.kills()) {
                violations.add("only " + killer.kills().size() + " of " + settings.kills() + " kills happened");
            }
            Report report = new Report(settings, ledger.sent(), killer.kills(), ledger.histogram(),
                    UnansweredRequests.describe(snapshot, ledger), snapshot.cvms().size(), snapshot.cvms().stream().filter(FleetSnapshot.CvmRow::wantedLive).count(),
                    snapshot.vms().size(), Duration.between(started, Instant.now()), violations, dir);
            write(dir.resolve("summary.txt"), report.summary());
            clean = violations.isEmpty();
            return report;
        } finally {
            if (clean) {
                db.close();
            } else {
                System.out.println("database " + db.name() + " kept for a post-mortem");
            }
        }
    }

    /** Node ids once every node is online with its images (the first probe after the server started). */
    static List<Long> awaitNodesOnline(Api api) {
        JsonNode nodes = Await.until(api::adminNodes, items -> items.size() == NODES.size()
                && StreamSupport.stream(items.spliterator(), false)
                .allMatch(n -> n.get("status").asString().equals("online") && !n.get("images").isEmpty()),
                Duration.ofSeconds(60));
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : nodes) {
            if (!n.get("status").asString().equals("online")) {
                throw new IllegalStateException("node " + n.get("name").asString() + " is not online: " + n);
            }
            ids.add(n.get("id").asLong());
        }
        return ids;
    }

    private static List<String> deploySources(Api api, Database db, long seed) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < SOURCES; i++) {
            sources.add(api.deploy("src-" + i + "-" + Long.toHexString(seed & 0xffffffL)).get("vm_uuid").asString());
        }
        long running = Await.until(() -> db.count("SELECT COUNT(*) FROM cvms WHERE status = 'running'"),
                n -> n == SOURCES, Duration.ofSeconds(60));
        if (running != SOURCES) {
            throw new IllegalStateException("only " + running + " of " + SOURCES + " sources are running");
        }
        return sources;
    }

    /**
     * Waits until no operation is pending or running and every CVM has reached what it is wanted to be, or until
     * every operation has finished and nothing more changed for a while (a CVM that cannot get there is then left to
     * the checks).
     */
    static void settle(Database db) {
        long[] quietSince = {-1};
        Await.until(() -> {
            long open = db.count("SELECT COUNT(*) FROM operations WHERE state IN ('pending', 'running')");
            long elsewhere = db.count("""
                    SELECT COUNT(*) FROM cvms WHERE (desired_state <> 'deleted' AND status <> 'running')
                                                 OR (desired_state = 'deleted' AND status <> 'deleted')""");
            if (open > 0) {
                quietSince[0] = -1;
            } else if (quietSince[0] < 0) {
                quietSince[0] = System.nanoTime();
            }
            return open == 0 && (elsewhere == 0 || System.nanoTime() - quietSince[0] > QUIET.toNanos());
        }, settled -> settled, SETTLE);
    }

    static Path workDir(String name) {
        Path root = Path.of(System.getProperty("reliability.work.dir", "target/reliability"));
        Path dir = root.resolve(name + "-" + Instant.now().toString().replace(':', '-'));
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        new SecureRandom().nextBytes(out);
        return out;
    }
}
