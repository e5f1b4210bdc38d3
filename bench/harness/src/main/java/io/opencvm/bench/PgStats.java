package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's view of a run: {@code pg_stat_statements} (calls and time per statement), and a sampler
 * of {@code pg_stat_activity} that counts sessions waiting on a lock, running, or idle inside a
 * transaction (the server holding a transaction open while it works between statements).
 */
final class PgStats {

    record Statement_(long calls, double totalMs, double meanMs, long rows, String query) {
    }

    record Snapshot(long calls, double totalMs, List<Statement_> top) {
    }

    record Activity(double lockWaiting, double active, double idleInTransaction, int samples) {
    }

    private final PrivatePostgres pg;

    PgStats(PrivatePostgres pg) {
        this.pg = pg;
    }

    void reset() {
        pg.sql("SELECT pg_stat_statements_reset()");
    }

    Snapshot snapshot(int topN) {
        String sql = """
                SELECT calls, total_exec_time, mean_exec_time, rows, query FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND query NOT LIKE '%pg_stat%' AND toplevel
                ORDER BY calls DESC""";
        List<Statement_> all = new ArrayList<>();
        try (Connection c = pg.connect(PrivatePostgres.DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                all.add(new Statement_(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4),
                        rs.getString(5).replaceAll("\\s+", " ").trim()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        long calls = all.stream().mapToLong(Statement_::calls).sum();
        double ms = all.stream().mapToDouble(Statement_::totalMs).sum();
        return new Snapshot(calls, ms, all.subList(0, Math.min(topN, all.size())));
    }

    /**
     * Waits (at most {@code limitMs}) until no session of the benchmark database is running a statement
     * or sitting in a transaction: requests a load generator gave up on are still being served after it
     * stops, and must not be counted in the next run.
     */
    void awaitIdle(long limitMs) throws InterruptedException {
        String sql = """
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                  AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                  AND state IN ('active', 'idle in transaction')""";
        long deadline = System.currentTimeMillis() + limitMs;
        int quietSamples = 0;
        try (Connection c = pg.connect(PrivatePostgres.DATABASE); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() < deadline && quietSamples < 3) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    quietSamples = rs.getInt(1) == 0 ? quietSamples + 1 : 0;
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Snapshot s, long replicates, Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "statements: %d calls (%.1f per replicate), %.0f ms executing%n%n",
                s.calls(), replicates == 0 ? 0.0 : (double) s.calls() / replicates, s.totalMs()));
        b.append(String.format("%10s %8s %10s %8s  %s%n", "calls", "per-rep", "total ms", "mean ms", "query"));
        for (Statement_ st : s.top()) {
            b.append(String.format(Locale.ROOT, "%10d %8.2f %10.1f %8.3f  %s%n", st.calls(),
                    replicates == 0 ? 0.0 : (double) st.calls() / replicates, st.totalMs(), st.meanMs(),
                    st.query().length() > 240 ? st.query().substring(0, 240) + "…" : st.query()));
        }
        Files.writeString(file, b.toString());
    }

    /** Samples pg_stat_activity every 200 ms until closed. */
    final class ActivitySampler implements AutoCloseable {

        private final Thread thread;
        private volatile boolean running = true;
        private double lock;
        private double active;
        private double idleTx;
        private int samples;

        ActivitySampler() {
            thread = new Thread(this::loop, "bench-pg-activity");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            String sql = """
                    SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),
                           count(*) FILTER (WHERE state = 'active'),
                           count(*) FILTER (WHERE state = 'idle in transaction')
                    FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'
                      AND pid <> pg_backend_pid()""";
            try (Connection c = pg.connect(PrivatePostgres.DATABASE); Statement s = c.createStatement()) {
                while (running) {
                    try (ResultSet rs = s.executeQuery(sql)) {
                        rs.next();
                        synchronized (this) {
                            lock += rs.getInt(1);
                            active += rs.getInt(2);
                            idleTx += rs.getInt(3);
                            samples++;
                        }
                    }
                    Thread.sleep(200);
                }
            } catch (SQLException | InterruptedException e) {
                // the run is over or PostgreSQL went away; what was sampled stands
            }
        }

        synchronized Activity result() {
            int n = Math.max(1, samples);
            return new Activity(lock / n, active / n, idleTx / n, samples);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
