package io.opencvm.cvm;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Resolving a {@code {cvm_id}} path segment (every id form the clients send) to a CVM, on the server's
 * own schema in an in-memory H2 (Flyway migrations, 10,000 CVMs): the pattern matching, the lookup and
 * the row mapping, without HTTP. The PostgreSQL round trip is measured by the HTTP benchmark instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdResolutionBench {

    private static final int CVMS = 10_000;

    @Param({"vm_uuid", "hex32", "app_id", "public_id", "numeric", "name"})
    public String form;

    private SingleConnectionDataSource dataSource;
    private CvmIdResolver resolver;
    private String segment;

    @Setup(Level.Trial)
    public void setUp() {
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:idbench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", true);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Timestamp now = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
        jdbc.sql("INSERT INTO users (public_id, username, email, role, created_at) VALUES ('usr_1', 'u', 'u@x', 'user', ?)")
                .param(now).update();
        jdbc.sql("INSERT INTO workspaces (public_id, name, slug, tier, created_at) VALUES ('ws_1', 'W', 'w', 'free', ?)")
                .param(now).update();
        jdbc.sql("""
                INSERT INTO nodes (name, vmm_url, listed, open_to_all, vcpu_capacity, memory_mb_capacity, disk_gb_capacity,
                                   slot_capacity, status, created_at, updated_at)
                VALUES ('n', 'http://127.0.0.1:9/', TRUE, TRUE, 1000000, 2000000000, 2000000000, 1000000, 'online', ?, ?)""")
                .params(now, now).update();
        for (int i = 1; i <= CVMS; i++) {
            String appId = String.format("%040x", i);
            jdbc.sql("INSERT INTO apps (public_id, app_id, workspace_id, creator_user_id, name, kms_type, created_at)"
                    + " VALUES (?, ?, 1, 1, ?, 'phala', ?)").params("app_" + i, appId, "app-" + i, now).update();
            jdbc.sql("""
                    INSERT INTO cvms (public_id, workspace_id, app_pk, app_id, creator_user_id, name, active_name, vm_uuid,
                                      node_id, compose_hash, image, vcpu, memory_mb, disk_gb, listed, desired_state, status,
                                      generation, capacity_held, created_at, updated_at, instance_id)
                    VALUES (?, 1, ?, ?, 1, ?, ?, ?, 1, ?, 'dstack-0.5.4', 1, 2048, 20, FALSE, 'running', 'running', 0, TRUE,
                            ?, ?, ?)""")
                    .params("cvm_bench" + i, i, appId, "cvm-" + i, "cvm-" + i,
                            String.format("00000000-0000-4000-8000-%012x", i), "ef".repeat(32), now, now,
                            String.format("%040x", 1_000_000 + i))
                    .update();
        }
        resolver = new CvmIdResolver(new CvmStore(jdbc));
        int i = CVMS / 2;
        segment = switch (form) {
            case "vm_uuid" -> String.format("00000000-0000-4000-8000-%012x", i);
            case "hex32" -> String.format("00000000000040008000%012x", i);
            case "app_id" -> "app_" + String.format("%040x", i);
            case "public_id" -> "cvm_bench" + i;
            case "numeric" -> Integer.toString(i);
            case "name" -> "cvm-" + i;
            default -> throw new IllegalArgumentException(form);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dataSource.destroy();
    }

    @Benchmark
    public Cvm resolve() {
        return resolver.resolve(1, segment);
    }
}
