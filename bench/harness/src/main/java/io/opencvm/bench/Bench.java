package io.opencvm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark of issue 8 in one run (bench/README.md): the machine's limits, replicate under load on
 * an empty database, the same on Temurin 25 with virtual threads, end to end to {@code running}, the
 * same under a seeded fleet, JMH; the table goes to docs/benchmarks.md.
 */
public final class Bench {

    static final String API_KEY = "ocv_bench_" + Long.toHexString(Double.doubleToLongBits(Math.random()))
            + Long.toHexString(System.nanoTime());
    private static final List<String> LOOPS_OFF = loopsOff();

    private final Config config;
    private final Results results = new Results();
    private Measure measure;
    /** When each JFR-recorded stage's measurements began (after warm-up). */
    private final Map<String, java.time.Instant> measuredFrom = new java.util.HashMap<>();
    private Wrk wrk;

    private Bench(Config config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean skipJmh = List.of(args).contains("--skip-jmh");
        boolean emptyOnly = List.of(args).contains("--empty-only");
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path out = repo.resolve("bench/out");
        Files.createDirectories(out);
        int code = 0;
        try {
            new Bench(Config.of(quick, repo, out, skipJmh, emptyOnly)).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        } finally {
            Procs.killAll();
        }
        System.exit(code);
    }

    /**
     * The server's background loops off, plus {@code BENCH_SERVER_ARGS} (e.g.
     * {@code --spring.datasource.hikari.maximum-pool-size=4}) for experiments on the measured servers.
     */
    private static List<String> loopsOff() {
        List<String> args = new ArrayList<>(List.of("--opencvm.operations.workers=0", "--opencvm.reconcile.enabled=false",
                "--opencvm.nodes.probe-interval=PT1H"));
        String extra = System.getenv("BENCH_SERVER_ARGS");
        if (extra != null && !extra.isBlank()) {
            args.addAll(List.of(extra.trim().split("\\s+")));
        }
        return List.copyOf(args);
    }

    static String javaBin(String home) {
        return Path.of(home == null ? System.getProperty("java.home") : home, "bin", "java").toString();
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        results.started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
                + " UTC";
        results.loadAtStart = Machine.loadAverage();
        Machine.describe(results.machine);
        Path lua = config.outDir().resolve("load.lua");
        try (var in = Bench.class.getResourceAsStream("/bench/load.lua")) {
            Files.write(lua, in.readAllBytes());
        }
        try (PrivatePostgres pg = PrivatePostgres.start(config.outDir())) {
            results.machine.put("PostgreSQL", pg.version() + " (private cluster, defaults + pg_stat_statements; "
                    + "shared_buffers " + pg.setting("shared_buffers") + ", synchronous_commit "
                    + pg.setting("synchronous_commit") + ")");
            measure = new Measure(pg, config.outDir());
            System.out.println("[bench] pgbench TPC-B ...");
            results.tpcb = new Pgbench(pg).tpcb(Config.PGBENCH_SCALE, config.connections(), config.pgbench());
            try (SimNodes sim = SimNodes.start(config.simClasspath(), config.simNodes(),
                    config.outDir().resolve("vmm-sim.log"))) {
                Path nodesFile = writeNodesFile(sim);
                Setup setup = setUp(pg, nodesFile);
                empty(pg, nodesFile, setup);
                if (config.emptyOnly()) {
                    Report.write(results, config, config.outDir().resolve("benchmarks-empty-only.md"));
                    return;
                }
                Cleanup.removeLoadReplicas(pg);
                replicateSql(pg, setup);
                jdk25(pg, nodesFile, setup);
                Cleanup.removeLoadReplicas(pg);
                System.out.println("[bench] seeding " + config.fleetNodes() + " nodes and " + config.fleetCvms()
                        + " CVMs ...");
                long s = System.nanoTime();
                Seed.fleet(pg, config.fleetNodes(), config.cvmsPerNode());
                results.seedSeconds = (System.nanoTime() - s) / 1e9;
                scale(pg, nodesFile, setup);
            }
        }
        if (!config.skipJmh() && config.jmhClasspath() != null) {
            try {
                results.jmh.addAll(JmhRun.run(config));
            } catch (Exception e) {
                results.notes.add("JMH failed: " + e.getMessage());
            }
        }
        results.loadAtEnd = Machine.loadAverage();
        results.minutes = (System.nanoTime() - t0) / 60e9;
        Files.writeString(config.outDir().resolve("results.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(Report.asMap(results)));
        Report.write(results, config, config.repo().resolve("docs/benchmarks.md"));
        System.out.println("[bench] done in " + Math.round(results.minutes) + " min; docs/benchmarks.md written");
    }

    record Setup(Sources sources, List<Long> simNodeIds) {
    }

    private Path writeNodesFile(SimNodes sim) throws Exception {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (SimNodes.SimNode n : sim.nodes()) {
            nodes.add(Map.of("name", n.name(), "vmm_url", n.url(), "kms", "sim", "vcpu", 32, "memory_mb", 131072,
                    "disk_gb", 2000, "slots", 64));
        }
        Map<String, Object> file = Map.of("kms", List.of(Map.of("id", "kms-sim", "slug", "sim", "url", sim.kmsUrl(),
                "version", "v0.5.4", "is_default", true)), "nodes", nodes);
        Path path = config.outDir().resolve("nodes.json");
        Files.writeString(path, JsonMapper.builder().build().writeValueAsString(file));
        return path;
    }

    private ServerProcess server(PrivatePostgres pg, Path nodesFile, String stage, String javaHome, List<String> jvm,
                                 List<String> spring) throws Exception {
        System.out.println("[bench] starting server (" + stage + ") ...");
        // The heap the start script gives the server (bin/opencvm-dev), unless BENCH_SERVER_JVM says otherwise.
        List<String> jvmArgs = new ArrayList<>(List.of(System.getenv().getOrDefault("BENCH_SERVER_JVM", "-Xmx512m")
                .trim().split("\\s+")));
        jvmArgs.addAll(jvm);
        // Only the first start registers the nodes from the file; later starts find them (made roomy) in the
        // database, where a re-registration with the file's capacity would shrink them again.
        return ServerProcess.start(config.serverJar(), new ServerProcess.Launch(stage, javaHome, jvmArgs, spring),
                pg.jdbcUrl(PrivatePostgres.DATABASE), API_KEY, stage.equals("setup") ? nodesFile : null,
                config.outDir());
    }

    private List<String> jfr(String stage) {
        return List.of("-XX:StartFlightRecording=filename=" + config.outDir().resolve(stage + ".jfr")
                + ",settings=profile,dumponexit=true");
    }

    private void stop(ServerProcess server) {
        server.close();
        results.rssByServer.put(server.launch().stage(), server.rss().maxMb());
    }

    /** Registers nodes (nodes file), makes them roomy, creates every source CVM the runs will need, running. */
    private Setup setUp(PrivatePostgres pg, Path nodesFile) throws Exception {
        ServerProcess server = server(pg, nodesFile, "setup", null, List.of(), List.of());
        try {
            Api api = new Api(server.baseUrl(), API_KEY);
            Map<String, Long> ids = api.awaitNodesOnline(config.simNodes(), Duration.ofMinutes(2));
            List<Long> simIds = new ArrayList<>(new TreeSet<>(ids.values()));
            simIds.forEach(api::makeRoomy);
            int needed = 260;
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < needed; i++) {
                uuids.add(api.createCvm("src-" + i, simIds.get(i % simIds.size())));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (api.statuses(uuids).values().stream().anyMatch(s -> !"running".equals(s))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("source CVMs not running within 3 minutes");
                }
                Thread.sleep(500);
            }
            Setup setup = new Setup(new Sources(uuids), simIds);
            endToEnd(api, setup);
            return setup;
        } finally {
            stop(server);
        }
    }

    private void warmUp(ServerProcess server, Setup setup) {
        System.out.println("[bench] warm-up ...");
        List<String> sources = setup.sources().take(Config.MANY);
        // One replicate first: a refusal here stops the run with its reason instead of a table of errors.
        new Api(server.baseUrl(), API_KEY).call("POST", "/api/v1/cvms/" + sources.get(0) + "/replicas", Map.of());
        wrk.run("POST", "{}", Sources.replicatePaths(sources), config.connections(), config.warmup());
        wrk.run("GET", null, List.of("/api/v1/auth/me"), config.connections(), config.warmup());
    }

    private void empty(PrivatePostgres pg, Path nodesFile, Setup setup) throws Exception {
        ServerProcess server = server(pg, nodesFile, "empty", null, jfr("empty"), LOOPS_OFF);
        try {
            wrk = new Wrk(config.outDir().resolve("load.lua"), server.baseUrl(), API_KEY);
            warmUp(server, setup);
            measuredFrom.put("empty", java.time.Instant.now());
            results.floor = measure.run("empty", "closed " + config.connections() + " conns", 0, server,
                    () -> wrk.run("GET", null, List.of("/api/v1/auth/me"), config.connections(), config.floor()));
            Row one = measure.closed("empty", server, wrk, setup.sources().take(1), config.connections(), config.closed());
            Row many = measure.closed("empty", server, wrk, setup.sources().take(Config.MANY), config.connections(),
                    config.closed());
            results.empty.add(one);
            results.empty.add(many);
            OpenLoop client = new OpenLoop(server.baseUrl(), API_KEY, 64);
            for (double rate : rates(one.result().throughput(), 500)) {
                results.empty.add(measure.open("empty", server, client, setup.sources().take(1), rate, config.open()));
            }
            for (double rate : rates(many.result().throughput(), 1000)) {
                results.empty.add(measure.open("empty", server, client, setup.sources().take(Config.MANY), rate,
                        config.open()));
            }
        } finally {
            stop(server);
            summarizeJfr("empty");
        }
    }

    static List<Double> rates(double closedThroughput, double target) {
        TreeSet<Double> rates = new TreeSet<>();
        for (double f : Config.OPEN_FRACTIONS) {
            double r = Math.max(5, Math.round(closedThroughput * f / 5) * 5.0);
            if (r < target) {
                rates.add(r);
            }
        }
        rates.add(target);
        return List.copyOf(rates);
    }

    private void replicateSql(PrivatePostgres pg, Setup setup) throws Exception {
        System.out.println("[bench] pgbench with the SQL of one replicate ...");
        pg.copyDatabase("replicate_sql");
        Path script = ReplicateSql.write(config.outDir());
        ReplicateSql.prepare(pg, "replicate_sql", setup.sources().take(Config.MANY));
        Pgbench bench = new Pgbench(pg);
        results.replicateSqlOne = bench.script("replicate_sql", ReplicateSql.oneSource(script), config.connections(),
                config.pgbench());
        results.replicateSqlMany = bench.script("replicate_sql", script, config.connections(), config.pgbench());
    }

    private void jdk25(PrivatePostgres pg, Path nodesFile, Setup setup) throws Exception {
        if (!Files.isExecutable(Path.of(javaBin(config.jdk25Home())))) {
            results.notes.add("Temurin 25 not found at " + config.jdk25Home() + "; its comparison was skipped.");
            return;
        }
        List<String> spring = new ArrayList<>(LOOPS_OFF);
        spring.add("--spring.threads.virtual.enabled=true");
        ServerProcess server = server(pg, nodesFile, "jdk25-vt", config.jdk25Home(), List.of(), spring);
        try {
            wrk = new Wrk(config.outDir().resolve("load.lua"), server.baseUrl(), API_KEY);
            warmUp(server, setup);
            results.jdk25.add(measure.closed("jdk25-vt", server, wrk, setup.sources().take(1), config.connections(),
                    config.closed()));
            results.jdk25.add(measure.closed("jdk25-vt", server, wrk, setup.sources().take(Config.MANY),
                    config.connections(), config.closed()));
        } finally {
            stop(server);
        }
    }

    /** On the setup server (background loops on, nothing queued but its own work). */
    private void endToEnd(Api api, Setup setup) throws Exception {
        System.out.println("[bench] end to end: " + config.e2eReplicas() + " replicas on " + config.simNodes()
                + " nodes ...");
        results.e2e = EndToEnd.run(api, setup.sources().take(10), setup.simNodeIds(), config.e2eReplicas(),
                Duration.ofMinutes(5));
        System.out.printf("[bench]   %.1f s, %.0f replicas/s, %d not running%n", results.e2e.totalSeconds(),
                results.e2e.perSecond(), results.e2e.notRunning());
    }

    private void scale(PrivatePostgres pg, Path nodesFile, Setup setup) throws Exception {
        ServerProcess server = server(pg, nodesFile, "scale", null, jfr("scale"), LOOPS_OFF);
        try {
            wrk = new Wrk(config.outDir().resolve("load.lua"), server.baseUrl(), API_KEY);
            warmUp(server, setup);
            measuredFrom.put("scale", java.time.Instant.now());
            results.scale.add(measure.closed("scale", server, wrk, setup.sources().take(1), config.connections(),
                    config.closed()));
            results.scale.add(measure.closed("scale", server, wrk, setup.sources().take(Config.MANY),
                    config.connections(), config.closed()));
            Row emptyMany = Results.find(results.empty, "closed", Config.MANY);
            double rate = rates(emptyMany.result().throughput(), 1000).get(0);
            Row emptyOpen = results.empty.stream().filter(r -> r.sources() == Config.MANY
                    && r.mode().equals(String.format("open %.0f/s", rate))).findFirst().orElseThrow();
            results.scale.add(measure.open("scale", server, new OpenLoop(server.baseUrl(), API_KEY, 64),
                    setup.sources().take(Config.MANY), rate, config.open()));
            results.notes.add("Scale open loop runs at " + emptyOpen.mode().substring(5) + ", the empty database's lowest rate.");
        } finally {
            stop(server);
            summarizeJfr("scale");
        }
        Cleanup.removeLoadReplicas(pg);
        ServerProcess deployed = server(pg, nodesFile, "scale-deployed", null, List.of(), List.of());
        try {
            wrk = new Wrk(config.outDir().resolve("load.lua"), deployed.baseUrl(), API_KEY);
            warmUp(deployed, setup);
            results.scaleDeployed.add(measure.closed("scale-deployed", deployed, wrk, setup.sources().take(Config.MANY),
                    config.connections(), config.closed()));
        } finally {
            stop(deployed);
        }
    }

    private void summarizeJfr(String stage) {
        Path recording = config.outDir().resolve(stage + ".jfr");
        try {
            if (Files.exists(recording)) {
                JfrSummary.summarize(recording, measuredFrom.getOrDefault(stage, java.time.Instant.EPOCH), config.outDir().resolve("jfr-" + stage + ".txt"));
            }
        } catch (Exception e) {
            results.notes.add("JFR summary of " + stage + " failed: " + e.getMessage());
        }
    }
}
