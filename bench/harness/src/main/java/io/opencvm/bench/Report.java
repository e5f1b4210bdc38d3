package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the measured part of docs/benchmarks.md: everything between the two marker lines is replaced,
 * the hand-written analysis around them is kept.
 */
final class Report {

    static final String BEGIN = "<!-- bench:begin (written by bench/run; edits inside are overwritten) -->";
    static final String END = "<!-- bench:end -->";

    private Report() {
    }

    static void write(Results r, Config c, Path doc) throws IOException {
        String block = BEGIN + "\n" + render(r, c) + END;
        String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        text = from < 0 || to < 0 ? text + "\n" + block + "\n" : text.substring(0, from) + block + text.substring(to + END.length());
        Files.writeString(doc, text);
    }

    static String render(Results r, Config c) {
        StringBuilder b = new StringBuilder();
        b.append("## Last run\n\n");
        b.append("Command: `bench/run").append(c.quick() ? " --quick" : "").append("` · date: ").append(r.started)
                .append(" · took ").append(String.format(Locale.ROOT, "%.0f", r.minutes)).append(" min")
                .append(" · load average at start ").append(r.loadAtStart).append(", at end ").append(r.loadAtEnd)
                .append(c.quick() ? " · **quick run: short durations and a small fleet, figures not comparable**" : "")
                .append("\n\n| machine | |\n|---|---|\n");
        r.machine.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n### Targets\n\n").append(targets(r)).append('\n');
        b.append("### 1. Replicate under load, empty database\n\n");
        b.append("PostgreSQL with the 100 simulated nodes and the source CVMs only; background loops off (operation ")
                .append("workers, reconciler, prober), so this is the API path alone. Closed loop: wrk, ")
                .append(c.connections()).append(" connections, ").append(c.closed().toSeconds()).append(" s. Open loop: ")
                .append("constant rate, ").append(c.open().toSeconds()).append(" s, latency from each request's due ")
                .append("time. Every run starts on fresh sources.\n\n");
        b.append(table(r.empty));
        b.append("\n### 2. Scale: ").append(String.format(Locale.ROOT, "%,d", c.fleetNodes())).append(" more nodes and ")
                .append(String.format(Locale.ROOT, "%,d", c.fleetCvms())).append(" CVM rows present\n\n")
                .append("Seeded with `generate_series` in ").append(String.format(Locale.ROOT, "%.0f", r.seedSeconds))
                .append(" s (nodes' reserved counters equal their CVMs; one revision per app, one finished operation ")
                .append("per CVM). p99 ratio = this p99 / the empty database's p99 for the same load.\n\n");
        List<Row> scaleRows = new ArrayList<>(r.scale);
        scaleRows.addAll(r.scaleDeployed);
        b.append(table(scaleRows, r.empty));
        b.append("\n`scale-deployed` is the same server with its background loops on (operation workers, reconciler ")
                .append("every 2 s, node prober every 10 s), as a production server runs.\n");
        b.append("\n### 3. End to end\n\n");
        if (r.e2e != null) {
            b.append(String.format(Locale.ROOT, "%,d replicas (32 requests at a time, `node_id` round robin over %d "
                            + "standalone `vmm-sim` nodes, boot step 0) reached `running` in **%.1f s: %.0f replicas/s** "
                            + "(the requests alone took %.1f s; %d not running at the end).%n",
                    r.e2e.replicas(), r.e2e.nodes(), r.e2e.totalSeconds(), r.e2e.perSecond(), r.e2e.apiSeconds(),
                    r.e2e.notRunning()));
        }
        b.append("\n### 4. The machine's own limits\n\n| what | figure | replicate as a share |\n|---|---|---|\n");
        Row one = Results.find(r.empty, "closed", 1);
        Row many = Results.find(r.empty, "closed", Config.MANY);
        b.append(String.format(Locale.ROOT, "| pgbench TPC-B, scale %d, %d clients, prepared | %.0f tps | %s |%n",
                Config.PGBENCH_SCALE, c.connections(), r.tpcb, "—"));
        b.append(String.format(Locale.ROOT, "| pgbench, the SQL of one replicate (bench/harness `replicate.pgbench`), 1 source | %.0f tps | %s |%n",
                r.replicateSqlOne, pct(one, r.replicateSqlOne)));
        b.append(String.format(Locale.ROOT, "| pgbench, the SQL of one replicate, %d sources | %.0f tps | %s |%n",
                Config.MANY, r.replicateSqlMany, pct(many, r.replicateSqlMany)));
        if (r.floor != null) {
            b.append(String.format(Locale.ROOT, "| HTTP floor: `GET /api/v1/auth/me`, wrk %d connections | %.0f req/s (p50 %.1f ms, p99 %.1f ms) | %s |%n",
                    c.connections(), r.floor.result().throughput(), r.floor.result().p50Ms(), r.floor.result().p99Ms(),
                    pct(many, r.floor.result().throughput())));
        }
        b.append("\n### 5. JMH (in-process hot paths, bench/jmh)\n\n| benchmark | params | score | ± | unit |\n|---|---|---|---|---|\n");
        r.jmh.forEach(j -> b.append("| ").append(String.join(" | ", j)).append(" |\n"));
        b.append("\n### 6. Temurin 25 with virtual threads (same empty-database runs)\n\n");
        List<Row> jdk = new ArrayList<>();
        if (one != null) {
            jdk.add(one);
        }
        if (many != null) {
            jdk.add(many);
        }
        jdk.addAll(r.jdk25);
        b.append(table(jdk));
        b.append("\n### Server RSS (sampled every second, max per server start)\n\n| server | max RSS |\n|---|---|\n");
        r.rssByServer.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" MB |\n"));
        for (String note : r.notes) {
            b.append("\n").append(note).append('\n');
        }
        b.append("\nRaw output (statements per run, JFR summaries, logs): `bench/out/` after a run.\n");
        return b.toString();
    }

    private static String targets(Results r) {
        StringBuilder b = new StringBuilder("| target | measured | |\n|---|---|---|\n");
        Row open1000 = r.empty.stream().filter(x -> x.sources() == Config.MANY && x.mode().equals("open 1000/s"))
                .findFirst().orElse(null);
        Row many = Results.find(r.empty, "closed", Config.MANY);
        Row one = Results.find(r.empty, "closed", 1);
        if (open1000 != null && many != null) {
            boolean met = open1000.result().errors() == 0 && open1000.result().p99Ms() <= 50
                    && many.result().throughput() >= 1000;
            b.append(String.format(Locale.ROOT, "| replicate ≥1,000 req/s with p99 ≤50 ms (16 sources) | closed loop %.0f req/s; "
                            + "open loop at 1,000/s: p99 %.0f ms, %d errors | %s |%n", many.result().throughput(),
                    open1000.result().p99Ms(), open1000.result().errors(), mark(met)));
        }
        if (one != null) {
            b.append(String.format(Locale.ROOT, "| ≥500 req/s when every request names the same source | %.0f req/s | %s |%n",
                    one.result().throughput(), mark(one.result().throughput() >= 500)));
        }
        Row scaleMany = Results.find(r.scale, "closed", Config.MANY);
        Row scaleOne = Results.find(r.scale, "closed", 1);
        if (scaleMany != null && many != null && scaleOne != null && one != null) {
            double ratioMany = scaleMany.result().p99Ms() / many.result().p99Ms();
            double ratioOne = scaleOne.result().p99Ms() / one.result().p99Ms();
            b.append(String.format(Locale.ROOT, "| at 10,000 nodes / 1,000,000 CVMs, p99 within 1.5× of empty | %.2f× (16 sources), "
                    + "%.2f× (1 source) | %s |%n", ratioMany, ratioOne, mark(ratioMany <= 1.5 && ratioOne <= 1.5)));
        }
        if (r.e2e != null) {
            b.append(String.format(Locale.ROOT, "| ≥200 replicas/s reach `running` end to end | %.0f replicas/s | %s |%n",
                    r.e2e.perSecond(), mark(r.e2e.perSecond() >= 200 && r.e2e.notRunning() == 0)));
        }
        if (many != null && r.replicateSqlMany > 0) {
            double share = many.result().throughput() / r.replicateSqlMany;
            b.append(String.format(Locale.ROOT, "| replicate ≥50%% of the pgbench-equivalent tps | %.0f%% (%.0f of %.0f) | %s |%n",
                    100 * share, many.result().throughput(), r.replicateSqlMany, mark(share >= 0.5)));
        }
        long rss = r.rssMaxJdk17();
        b.append(String.format(Locale.ROOT, "| server RSS ≤768 MB through the whole run | max %d MB | %s |%n", rss,
                mark(rss > 0 && rss <= 768)));
        return b.toString();
    }

    private static String mark(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private static String pct(Row row, double base) {
        return row == null || base <= 0 ? "—" : String.format(Locale.ROOT, "%.0f%% (%.0f req/s)",
                100 * row.result().throughput() / base, row.result().throughput());
    }

    static String table(List<Row> rows) {
        return table(rows, null);
    }

    /** With {@code baseline}: a p99 ratio column against the baseline row of the same mode and sources. */
    static String table(List<Row> rows, List<Row> baseline) {
        StringBuilder b = new StringBuilder("| run | load | sources | req/s | p50 ms | p99 ms | max ms | errors |"
                + (baseline == null ? "" : " p99 ratio |")
                + " SQL stmts/req | lock-waiting sessions | idle-in-tx sessions | server CPU | PostgreSQL CPU | RSS MB |\n");
        b.append("|---|---|---|---|---|---|---|---|").append(baseline == null ? "" : "---|").append("---|---|---|---|---|---|\n");
        for (Row x : rows) {
            Result res = x.result();
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.1f | %.1f | %.0f | %d%s |", x.stage(), x.mode(),
                    x.sources(), res.throughput(), res.p50Ms(), res.p99Ms(), res.maxMs(), res.errors(),
                    res.note().isEmpty() ? "" : " (" + res.note() + ")"));
            if (baseline != null) {
                Row base = baseline.stream().filter(y -> y.mode().equals(x.mode()) && y.sources() == x.sources())
                        .findFirst().orElse(null);
                b.append(base == null ? " — |" : String.format(Locale.ROOT, " %.2f× |", res.p99Ms() / base.result().p99Ms()));
            }
            b.append(String.format(Locale.ROOT, " %.1f | %.1f | %.1f | %.0f%% | %.0f%% | %d |%n", x.statementsPerRequest(),
                    x.lockWaiting(), x.idleInTransaction(), x.serverCpuPct(), x.postgresCpuPct(), x.rssMb()));
        }
        return b.toString();
    }

    static Map<String, Object> asMap(Results r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", r.started);
        m.put("load_at_start", r.loadAtStart);
        m.put("load_at_end", r.loadAtEnd);
        m.put("machine", r.machine);
        m.put("pgbench_tpcb_tps", r.tpcb);
        m.put("pgbench_replicate_sql_tps_one_source", r.replicateSqlOne);
        m.put("pgbench_replicate_sql_tps_many_sources", r.replicateSqlMany);
        m.put("floor", r.floor);
        m.put("empty", r.empty);
        m.put("jdk25_virtual_threads", r.jdk25);
        m.put("scale", r.scale);
        m.put("scale_deployed", r.scaleDeployed);
        m.put("end_to_end", r.e2e);
        m.put("seed_seconds", r.seedSeconds);
        m.put("rss_max_mb", r.rssByServer);
        m.put("jmh", r.jmh);
        m.put("notes", r.notes);
        return m;
    }
}
