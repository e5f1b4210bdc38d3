package io.opencvm.operation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for operations. Every write of a worker is conditional on the fence it claimed with. */
@Repository
class OperationStore {

    private static final String DUE = """
            SELECT o.id, o.fence FROM operations o
            WHERE ((o.state = 'pending' AND o.next_run_at <= :now) OR (o.state = 'running' AND o.lease_until < :now))
              AND NOT EXISTS (SELECT 1 FROM operations p
                              WHERE p.cvm_id = o.cvm_id AND p.id < o.id AND p.state IN ('pending', 'running'))
            ORDER BY o.next_run_at, o.id
            LIMIT 1
            FOR UPDATE SKIP LOCKED""";

    private final JdbcClient jdbc;

    OperationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the operation unless one of this kind already exists for this CVM generation; returns it either way. */
    Operation insertIfAbsent(String publicId, long cvmId, OperationKind kind, int generation, String triggeredBy,
                             Instant now) {
        jdbc.sql("""
                        INSERT INTO operations (public_id, cvm_id, kind, generation, state, attempts, next_run_at,
                                                fence, triggered_by, created_at, updated_at)
                        VALUES (:pid, :cvm, :kind, :gen, 'pending', 0, :now, 0, :by, :now, :now)
                        ON CONFLICT DO NOTHING""")
                .param("pid", publicId).param("cvm", cvmId).param("kind", kind.wire()).param("gen", generation)
                .param("by", triggeredBy).param("now", ts(now))
                .update();
        return jdbc.sql("SELECT * FROM operations WHERE cvm_id = ? AND kind = ? AND generation = ?")
                .params(cvmId, kind.wire(), generation).query(OperationStore::row).single();
    }

    /**
     * Inserts the first operation of a CVM created in the same transaction (nothing else can have enqueued for
     * it yet) and returns it as written, in one round trip.
     */
    Operation insertFirst(String publicId, long cvmId, OperationKind kind, int generation, String triggeredBy,
                          Instant now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO operations (public_id, cvm_id, kind, generation, state, attempts, next_run_at,
                                                fence, triggered_by, created_at, updated_at)
                        VALUES (:pid, :cvm, :kind, :gen, 'pending', 0, :now, 0, :by, :now, :now)""")
                .param("pid", publicId).param("cvm", cvmId).param("kind", kind.wire()).param("gen", generation)
                .param("by", triggeredBy).param("now", ts(now))
                .update(key, "id");
        return new Operation(key.getKeyAs(Number.class).longValue(), publicId, cvmId, kind, generation,
                OperationState.PENDING, triggeredBy, new Operation.Claim(null, null, 0),
                new Operation.Attempts(0, now, null), new Operation.Times(now, now, null));
    }

    Optional<Operation> find(long id) {
        return jdbc.sql("SELECT * FROM operations WHERE id = ?").param(id).query(OperationStore::row).optional();
    }

    /**
     * Claims the next due operation (or one whose lease expired) for {@code owner}: the oldest unfinished
     * operation of its CVM only, so that one CVM's operations run one at a time and in order.
     * Must run inside a transaction.
     */
    Optional<Operation> claimNext(String owner, Instant now, Instant leaseUntil) {
        Optional<long[]> due = jdbc.sql(DUE).param("now", ts(now))
                .query((rs, n) -> new long[] {rs.getLong("id"), rs.getLong("fence")}).optional();
        if (due.isEmpty()) {
            return Optional.empty();
        }
        long id = due.get()[0];
        int rows = jdbc.sql("""
                        UPDATE operations SET state = 'running', lease_owner = :owner, lease_until = :until,
                                              fence = fence + 1, attempts = attempts + 1, updated_at = :now
                        WHERE id = :id AND fence = :fence""")
                .param("owner", owner).param("until", ts(leaseUntil)).param("now", ts(now))
                .param("id", id).param("fence", due.get()[1])
                .update();
        if (rows > 1) {
            throw new IllegalStateException("claim touched " + rows + " operation rows");
        }
        return rows == 0 ? Optional.empty() : find(id);
    }

    int confirm(long id, String owner, long fence, Instant now) {
        return jdbc.sql("""
                        UPDATE operations SET updated_at = :now
                        WHERE id = :id AND fence = :fence AND lease_owner = :owner AND state = 'running'""")
                .param("now", ts(now)).param("id", id).param("fence", fence).param("owner", owner)
                .update();
    }

    /** Moves a held lease's end to {@code until}; 0 rows when another worker holds the operation now. */
    int renew(long id, String owner, long fence, Instant until, Instant now) {
        return jdbc.sql("""
                        UPDATE operations SET lease_until = :until, updated_at = :now
                        WHERE id = :id AND fence = :fence AND lease_owner = :owner AND state = 'running'""")
                .param("until", ts(until)).param("now", ts(now)).param("id", id).param("fence", fence)
                .param("owner", owner)
                .update();
    }

    /** Ends the operation (succeeded or failed); 0 rows when the lease was lost. */
    int finish(long id, long fence, OperationState state, String error, Instant now) {
        return jdbc.sql("""
                        UPDATE operations SET state = :state, lease_owner = NULL, lease_until = NULL,
                                              last_error = :error, updated_at = :now, finished_at = :now
                        WHERE id = :id AND fence = :fence AND state = 'running'""")
                .param("state", state.wire()).param("error", truncate(error)).param("now", ts(now))
                .param("id", id).param("fence", fence)
                .update();
    }

    /**
     * Puts the operation back in the queue for {@code nextRunAt}; {@code waited} counts the attempt as a wait
     * (not a failure). 0 rows when the lease was lost.
     */
    int reschedule(long id, long fence, Instant nextRunAt, String error, boolean waited, Instant now) {
        return jdbc.sql("""
                        UPDATE operations SET state = 'pending', lease_owner = NULL, lease_until = NULL,
                                              next_run_at = :next, last_error = :error, updated_at = :now,
                                              waits = waits + :waited
                        WHERE id = :id AND fence = :fence AND state = 'running'""")
                .param("next", ts(nextRunAt)).param("error", truncate(error)).param("now", ts(now))
                .param("waited", waited ? 1 : 0).param("id", id).param("fence", fence)
                .update();
    }

    /**
     * Hands a held operation back to the queue at once (its holder is stopping): pending, due now, no owner. The
     * fence stays: the next claim bumps it, and the old holder's writes fail on its state until then.
     * 0 rows when the lease was no longer held.
     */
    int handBack(long id, String owner, long fence, Instant now) {
        return jdbc.sql("""
                        UPDATE operations SET state = 'pending', lease_owner = NULL, lease_until = NULL,
                                              next_run_at = :now, updated_at = :now
                        WHERE id = :id AND fence = :fence AND lease_owner = :owner AND state = 'running'""")
                .param("now", ts(now)).param("id", id).param("fence", fence).param("owner", owner)
                .update();
    }

    /** A CVM's operations, newest first, older than {@code beforeId} when given. */
    List<Operation> ofCvm(long cvmId, Long beforeId, int limit) {
        return jdbc.sql("SELECT * FROM operations WHERE cvm_id = ? AND id < ? ORDER BY id DESC LIMIT ?")
                .params(cvmId, beforeId == null ? Long.MAX_VALUE : beforeId, limit).query(OperationStore::row).list();
    }

    /** Every CVM's operations, newest first, older than {@code beforeId} when given. */
    List<Operation> recent(Long beforeId, int limit) {
        return jdbc.sql("SELECT * FROM operations WHERE id < ? ORDER BY id DESC LIMIT ?")
                .params(beforeId == null ? Long.MAX_VALUE : beforeId, limit).query(OperationStore::row).list();
    }

    long countOfCvm(long cvmId) {
        return jdbc.sql("SELECT COUNT(*) FROM operations WHERE cvm_id = ?").param(cvmId).query(Long.class).single();
    }

    /** The newest operation of each CVM (the one that says what is happening to it now). */
    Map<Long, Operation> latestFor(Collection<Long> cvmIds) {
        if (cvmIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        SELECT * FROM operations o WHERE o.cvm_id IN (:ids)
                          AND o.id = (SELECT MAX(p.id) FROM operations p WHERE p.cvm_id = o.cvm_id)""")
                .param("ids", cvmIds).query(OperationStore::row).list().stream()
                .collect(Collectors.toMap(Operation::cvmId, Function.identity()));
    }

    Map<OperationState, Long> countByState() {
        Map<OperationState, Long> counts = new EnumMap<>(OperationState.class);
        for (OperationState s : OperationState.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("SELECT state, COUNT(*) AS n FROM operations GROUP BY state")
                .query(rs -> {
                    counts.put(OperationState.fromWire(rs.getString("state")), rs.getLong("n"));
                });
        return counts;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** The one place an {@link Operation} is built from its row. */
    private static Operation row(ResultSet rs, int n) throws SQLException {
        Operation.Claim claim = new Operation.Claim(rs.getString("lease_owner"), instant(rs, "lease_until"),
                rs.getLong("fence"));
        Operation.Attempts attempts = new Operation.Attempts(rs.getInt("attempts"), instant(rs, "next_run_at"),
                rs.getString("last_error"), rs.getInt("waits"));
        Operation.Times times = new Operation.Times(instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"));
        return new Operation(rs.getLong("id"), rs.getString("public_id"), rs.getLong("cvm_id"),
                OperationKind.fromWire(rs.getString("kind")), rs.getInt("generation"),
                OperationState.fromWire(rs.getString("state")), rs.getString("triggered_by"), claim, attempts, times);
    }
}
