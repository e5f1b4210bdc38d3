package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs one load run against a server and collects what the server and PostgreSQL did meanwhile. */
final class Measure {

    private final PrivatePostgres pg;
    private final PgStats stats;
    private final Path outDir;
    private final int cores = Runtime.getRuntime().availableProcessors();

    Measure(PrivatePostgres pg, Path outDir) {
        this.pg = pg;
        this.stats = new PgStats(pg);
        this.outDir = outDir;
    }

    interface Load {
        Result run() throws InterruptedException;
    }

    Row run(String stage, String mode, int sources, ServerProcess server, Load load)
            throws InterruptedException, IOException {
        System.out.printf("[bench] %s: %s, %d source(s) ...%n", stage, mode, sources);
        stats.awaitIdle(60_000);
        stats.reset();
        server.rss().windowMaxMb();
        long serverCpu = RssSampler.cpuMillis(server.pid());
        long pgCpu = pg.cpuMillis();
        long wall = System.nanoTime();
        Result r;
        PgStats.Activity activity;
        try (PgStats.ActivitySampler sampler = stats.new ActivitySampler()) {
            r = load.run();
            activity = sampler.result();
        }
        double wallMs = (System.nanoTime() - wall) / 1e6;
        double serverPct = 100.0 * (RssSampler.cpuMillis(server.pid()) - serverCpu) / wallMs / cores;
        double pgPct = 100.0 * (pg.cpuMillis() - pgCpu) / wallMs / cores;
        PgStats.Snapshot snap = stats.snapshot(80);
        long ok = Math.max(1, r.requests() - r.errors());
        String file = (stage + "-" + mode + "-" + sources).replaceAll("[^A-Za-z0-9.-]+", "_");
        PgStats.write(snap, ok, outDir.resolve("pgss-" + file + ".txt"));
        Row row = new Row(stage, mode, sources, r, (double) snap.calls() / ok, activity.lockWaiting(),
                activity.idleInTransaction(), serverPct, pgPct, server.rss().windowMaxMb());
        System.out.printf("[bench]   %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors, %.1f statements/req%n",
                r.throughput(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.errors(), row.statementsPerRequest());
        return row;
    }

    Row closed(String stage, ServerProcess server, Wrk wrk, List<String> sources, int connections, Duration d)
            throws InterruptedException, IOException {
        return run(stage, "closed " + connections + " conns", sources.size(), server,
                () -> wrk.run("POST", "{}", Sources.replicatePaths(sources), connections, d));
    }

    Row open(String stage, ServerProcess server, OpenLoop client, List<String> sources, double rate, Duration d)
            throws InterruptedException, IOException {
        return run(stage, String.format("open %.0f/s", rate), sources.size(), server,
                () -> client.run("{}", Sources.replicatePaths(sources), rate, d));
    }
}
