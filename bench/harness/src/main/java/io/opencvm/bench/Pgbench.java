package io.opencvm.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The database's own ceiling on this machine: pgbench's TPC-B and a script of the SQL one replicate runs. */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final PrivatePostgres pg;

    Pgbench(PrivatePostgres pg) {
        this.pg = pg;
    }

    /** TPC-B (pgbench's default script) at {@code scale}, {@code clients} clients, prepared statements. */
    double tpcb(int scale, int clients, Duration duration) {
        try (var c = pg.connect("postgres"); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS pgbench");
            s.execute("CREATE DATABASE pgbench");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Procs.run(List.of(pg.bin().resolve("pgbench").toString(), "-i", "-q", "-s", Integer.toString(scale),
                "-h", "127.0.0.1", "-p", Integer.toString(pg.port()), "-U", "postgres", "pgbench"),
                Map.of(), Duration.ofMinutes(5));
        return run("pgbench", null, clients, duration);
    }

    /** A custom script against {@code database}; returns transactions per second. */
    double script(String database, Path script, int clients, Duration duration) {
        return run(database, script, clients, duration);
    }

    private double run(String database, Path script, int clients, Duration duration) {
        List<String> cmd = new java.util.ArrayList<>(List.of(pg.bin().resolve("pgbench").toString(), "-M", "prepared",
                "-c", Integer.toString(clients), "-j", "2", "-T", Long.toString(duration.toSeconds()),
                "-h", "127.0.0.1", "-p", Integer.toString(pg.port()), "-U", "postgres", "-n"));
        if (script == null) {
            cmd.remove("-n"); // TPC-B vacuums its tables first, as usual
        } else {
            cmd.addAll(List.of("-f", script.toString()));
        }
        cmd.add(database);
        String out = Procs.run(cmd, Map.of(), duration.plusMinutes(2));
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("pgbench printed no tps:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
