package io.opencvm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the benchmark's own, in a temporary directory on a free loopback port: a fresh
 * database every run, {@code pg_stat_statements} preloaded (the shared cluster cannot be restarted for
 * it), settings otherwise PostgreSQL's defaults. Stopped ({@code -m immediate}) and deleted at the end.
 */
final class PrivatePostgres implements AutoCloseable {

    static final String DATABASE = "bench";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private final Thread hook;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.hook = new Thread(this::stopQuietly, "bench-stop-postgres");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static PrivatePostgres start(Path logDir) throws IOException {
        Path bin = binDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("opencvm-bench-pg-");
        if (root) {
            Procs.run(List.of("chown", "postgres:postgres", dir.toString()), Map.of(), Duration.ofSeconds(10));
        }
        int port = Ports.free();
        PrivatePostgres pg = new PrivatePostgres(bin, dir, port, root);
        pg.as(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                "-U", "postgres", "-E", "UTF8", "--no-sync"), Duration.ofMinutes(2));
        pg.as(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                        + " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
                        + " -c max_connections=200 -c track_io_timing=on", "start"), Duration.ofSeconds(90));
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        pg.sql("CREATE EXTENSION pg_stat_statements");
        return pg;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Path bin() {
        return bin;
    }

    /** CPU time of the postmaster and every backend now alive, in milliseconds. */
    long cpuMillis() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid).map(h -> RssSampler.cpuMillis(pid)
                    + h.descendants().mapToLong(d -> RssSampler.cpuMillis(d.pid())).sum()).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    void sql(String sql) {
        try (Connection c = connect(DATABASE); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A database copied from {@code DATABASE} (no connections to it may be open). */
    void copyDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String setting(String name) {
        try (Connection c = connect(DATABASE); Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    String version() {
        try (Connection c = connect(DATABASE); Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    private String as(List<String> command, Duration limit) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return Procs.run(full, Map.of(), limit);
    }

    private void stopQuietly() {
        try {
            as(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "-t", "30", "stop"), Duration.ofSeconds(40));
        } catch (RuntimeException e) {
            System.err.println("stopping the benchmark's PostgreSQL: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("removing " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; stopping twice is harmless
        }
    }

    /** The newest installed PostgreSQL's bin directory ({@code BENCH_PG_BIN} overrides). */
    private static Path binDir() throws IOException {
        String configured = System.getenv("BENCH_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new UncheckedIOException(new IOException("no PostgreSQL under /usr/lib/postgresql")));
        }
    }
}
