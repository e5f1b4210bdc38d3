package io.opencvm.cvm;

import io.opencvm.node.Resources;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for CVM rows. Desired-state writes, observation writes and status moves are separate statements. */
@Repository
class CvmStore {

    static final String LIVE = "status <> 'deleted'";

    private final JdbcClient jdbc;

    CvmStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the row (status provisioning, desired running) and returns its id, in one round trip. */
    long insert(String publicId, String vmUuid, NewCvmSpec c, Instant now) {
        CvmOrigin o = c.origin();
        CvmSpec s = c.spec();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO cvms (public_id, workspace_id, app_pk, app_id, creator_user_id, name, active_name,
                                          vm_uuid, node_id, compose_hash, image, instance_type, vcpu, memory_mb,
                                          disk_gb, encrypted_env, source_cvm_id, replica_number, listed, desired_state,
                                          status, generation, capacity_held, created_at, updated_at)
                        VALUES (:pid, :ws, :app, :appId, :user, :name, :name, :uuid, :node, :hash, :image, :type,
                                :vcpu, :mem, :disk, :env, :source, :number, :listed, 'running', 'provisioning',
                                :generation, TRUE, :now, :now)""")
                .param("pid", publicId).param("ws", c.workspaceId()).param("app", o.appPk())
                .param("appId", o.appId()).param("user", o.creatorUserId()).param("name", c.name())
                .param("uuid", vmUuid).param("node", c.nodeId()).param("hash", s.composeHash())
                .param("image", s.image()).param("type", s.instanceType()).param("vcpu", s.resources().vcpu())
                .param("mem", s.resources().memoryMb()).param("disk", s.resources().diskGb())
                .param("env", s.encryptedEnv()).param("source", o.sourceCvmId())
                .param("number", c.replicaNumber(), Types.INTEGER).param("listed", s.listed())
                .param("now", ts(now)).param("generation", Cvm.FIRST_GENERATION)
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    /**
     * The smallest n ≥ {@code :from} that no live replica of the source {@code :src} records as its
     * {@code replica_number}: {@code :from} itself when it is free (one index probe), else the end of the run of taken
     * numbers that starts there.
     */
    private static final String FREE_FROM = """
            CASE WHEN NOT EXISTS (SELECT 1 FROM cvms f WHERE f.source_cvm_id = :src AND f.replica_number = :from
                                    AND f.active_name IS NOT NULL)
                 THEN :from
                 ELSE (SELECT MIN(a.replica_number) + 1 FROM cvms a
                       WHERE a.source_cvm_id = :src AND a.active_name IS NOT NULL AND a.replica_number >= :from
                         AND NOT EXISTS (SELECT 1 FROM cvms b
                                         WHERE b.source_cvm_id = :src AND b.active_name IS NOT NULL
                                           AND b.replica_number = a.replica_number + 1))
            END""";

    /** The smallest n ≥ 1 that no live replica of the source records as its {@code replica_number}, searched. */
    int smallestFreeReplicaNumber(long sourceId) {
        return jdbc.sql("SELECT " + FREE_FROM).param("src", sourceId).param("from", 1).query(Integer.class).single();
    }

    /**
     * Locks the CVM's row until the transaction ends and returns its {@code replica_floor}: the smallest n that none of
     * its live replicas holds (V157), as the last transaction that changed it committed it.
     */
    int lockForReplica(long id) {
        return jdbc.sql("SELECT replica_floor FROM cvms WHERE id = ? FOR UPDATE").param(id).query(Integer.class).single();
    }

    /**
     * Sets the source's {@code replica_floor} to the smallest n ≥ {@code from} that none of its live replicas holds.
     * Called with its row locked, once a replica is about to take the number below {@code from}.
     */
    void moveReplicaFloor(long sourceId, int from) {
        jdbc.sql("UPDATE cvms SET replica_floor = " + FREE_FROM + " WHERE id = :src")
                .param("src", sourceId).param("from", from).update();
    }

    /**
     * The replica's name was freed (it is being deleted): its number is free again unless another live replica of
     * the same source holds it, and its source's {@code replica_floor} comes down to it when it is lower.
     */
    void releaseReplicaNumber(long replicaId) {
        jdbc.sql("""
                        UPDATE cvms SET replica_floor = (SELECT r.replica_number FROM cvms r WHERE r.id = :id)
                        WHERE id = (SELECT r.source_cvm_id FROM cvms r WHERE r.id = :id)
                          AND replica_floor > (SELECT r.replica_number FROM cvms r WHERE r.id = :id)
                          AND NOT EXISTS (SELECT 1 FROM cvms o, cvms r
                                          WHERE r.id = :id AND o.source_cvm_id = r.source_cvm_id
                                            AND o.replica_number = r.replica_number AND o.active_name IS NOT NULL)""")
                .param("id", replicaId).update();
    }

    Optional<Cvm> find(long id) {
        return one("SELECT * FROM cvms WHERE id = ?", id);
    }

    /** Locks the CVM's row until the current transaction ends. */
    void lock(long id) {
        jdbc.sql("SELECT id FROM cvms WHERE id = ? FOR UPDATE").param(id).query(Long.class).optional();
    }

    /** Live CVMs whose {@code column} equals {@code value} (any workspace); the resolver filters further. */
    List<Cvm> liveBy(String column, Object value) {
        if (!List.of("vm_uuid", "app_id", "instance_id", "public_id", "id").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("SELECT * FROM cvms WHERE " + column + " = ? AND " + LIVE + " ORDER BY id")
                .param(value).query(CvmStore::row).list();
    }

    Optional<Cvm> liveByName(long workspaceId, String name) {
        return jdbc.sql("SELECT * FROM cvms WHERE workspace_id = ? AND active_name = ?")
                .params(workspaceId, name).query(CvmStore::row).optional();
    }

    /** A live CVM of the app with this compose hash (what a repeated commit must find again). */
    Optional<Cvm> liveByAppAndHash(long appPk, String composeHash) {
        return jdbc.sql("SELECT * FROM cvms WHERE app_pk = ? AND compose_hash = ? AND " + LIVE + " ORDER BY id LIMIT 1")
                .params(appPk, composeHash).query(CvmStore::row).optional();
    }

    /** The oldest live CVM of the app with this compose hash (by creation, then id). */
    Optional<Cvm> oldestLiveByAppAndHash(long appPk, String composeHash) {
        return jdbc.sql("SELECT * FROM cvms WHERE app_pk = ? AND compose_hash = ? AND " + LIVE
                        + " ORDER BY created_at, id LIMIT 1")
                .params(appPk, composeHash).query(CvmStore::row).optional();
    }

    /**
     * The smallest and the largest compose hash among the app's live CVMs (equal when it runs one revision;
     * empty when it has no live CVM): each end is one step into the {@code (app_pk, compose_hash)} index.
     */
    Optional<String[]> liveHashRange(long appPk) {
        // One statement: both ends come from the (app_pk, compose_hash) index (MIN and MAX each read one end).
        String[] range = jdbc.sql("SELECT MIN(compose_hash), MAX(compose_hash) FROM cvms WHERE app_pk = ? AND " + LIVE)
                .param(appPk).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        return range[0] == null ? Optional.empty() : Optional.of(range);
    }

    /** The distinct compose hashes of the app's live CVMs, sorted. */
    List<String> liveHashes(long appPk) {
        return jdbc.sql("SELECT DISTINCT compose_hash FROM cvms WHERE app_pk = ? AND " + LIVE + " ORDER BY compose_hash")
                .param(appPk).query(String.class).list();
    }

    List<Cvm> liveOfApp(long appPk) {
        return jdbc.sql("SELECT * FROM cvms WHERE app_pk = ? AND " + LIVE + " ORDER BY id")
                .param(appPk).query(CvmStore::row).list();
    }

    List<Cvm> liveOfWorkspace(long workspaceId, Long nodeId, long offset, int limit) {
        return jdbc.sql("SELECT * FROM cvms WHERE workspace_id = :ws AND " + LIVE
                        + " AND (CAST(:node AS BIGINT) IS NULL OR node_id = :node) ORDER BY id DESC"
                        + " LIMIT :limit OFFSET :offset")
                .param("ws", workspaceId).param("node", nodeId).param("limit", limit).param("offset", offset)
                .query(CvmStore::row).list();
    }

    long countLiveOfWorkspace(long workspaceId, Long nodeId) {
        return jdbc.sql("SELECT COUNT(*) FROM cvms WHERE workspace_id = :ws AND " + LIVE
                        + " AND (CAST(:node AS BIGINT) IS NULL OR node_id = :node)")
                .param("ws", workspaceId).param("node", nodeId).query(Long.class).single();
    }

    /**
     * The apps of the workspace with a live CVM: any (no {@code statuses}), one in one of {@code statuses}, or
     * (with {@code nameContains}) one whose name contains it in any case.
     */
    List<Long> appsWithLive(long workspaceId, List<String> statuses, String nameContains) {
        String sql = "SELECT DISTINCT app_pk FROM cvms WHERE workspace_id = :ws AND " + LIVE
                + (statuses.isEmpty() ? "" : " AND status IN (:statuses)")
                + (nameContains == null ? "" : " AND LOWER(name) LIKE :q");
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("ws", workspaceId);
        if (!statuses.isEmpty()) {
            spec = spec.param("statuses", statuses);
        }
        if (nameContains != null) {
            spec = spec.param("q", "%" + nameContains.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "\\_") + "%");
        }
        return spec.query(Long.class).list();
    }

    /** The distinct values of {@code column} over the workspace's live CVMs, sorted; nulls left out. */
    List<String> distinctLive(long workspaceId, String column) {
        if (!List.of("status", "image", "instance_type", "node_id").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("SELECT DISTINCT " + column + " FROM cvms WHERE workspace_id = ? AND " + LIVE + " AND " + column
                        + " IS NOT NULL ORDER BY " + column)
                .param(workspaceId).query((rs, n) -> rs.getString(1)).list();
    }

    /** The CVMs (live or not) with these ids, by id. */
    Map<Long, Cvm> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT * FROM cvms WHERE id IN (:ids)").param("ids", ids)
                .query(CvmStore::row).list().stream().collect(Collectors.toMap(Cvm::id, Function.identity()));
    }

    /** The CVMs (live or not) with these vm_uuids, by uuid. */
    Map<String, Cvm> byVmUuids(Collection<String> vmUuids) {
        if (vmUuids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT * FROM cvms WHERE vm_uuid IN (:uuids)").param("uuids", vmUuids)
                .query(CvmStore::row).list().stream()
                .collect(Collectors.toMap(Cvm::vmUuid, Function.identity(), (a, b) -> a));
    }

    /** Live CVMs that are on (or headed to) one node: what the reconciler looks at there. */
    List<Cvm> liveWithNodeVmOn(long nodeId) {
        return jdbc.sql("SELECT * FROM cvms WHERE node_id = ? AND " + LIVE + " AND node_vm_id IS NOT NULL ORDER BY id")
                .param(nodeId).query(CvmStore::row).list();
    }

    /** Records a new desired state, bumping the generation; 0 when the CVM changed since it was read. */
    int requestDesired(long id, DesiredState desired, int expectedGeneration, Instant now) {
        return jdbc.sql("""
                        UPDATE cvms SET desired_state = ?, generation = generation + 1, updated_at = ?
                        WHERE id = ? AND generation = ? AND status <> 'deleted'""")
                .params(desired.wire(), ts(now), id, expectedGeneration).update();
    }

    /**
     * Records what an update wants (revision; env, resources, image when given), bumping the generation; 0 when
     * the CVM changed since it was read.
     */
    int requestChange(long id, CvmChange change, int expectedGeneration, Instant now) {
        Resources r = change.resources();
        return jdbc.sql("""
                        UPDATE cvms SET compose_hash = :hash, encrypted_env = COALESCE(:env, encrypted_env),
                                        vcpu = COALESCE(:vcpu, vcpu), memory_mb = COALESCE(:mem, memory_mb),
                                        disk_gb = COALESCE(:disk, disk_gb), image = COALESCE(:image, image),
                                        generation = generation + 1, updated_at = :now
                        WHERE id = :id AND generation = :generation AND status <> 'deleted'""")
                .param("hash", change.composeHash()).param("env", change.encryptedEnv())
                .param("vcpu", r == null ? null : r.vcpu()).param("mem", r == null ? null : r.memoryMb())
                .param("disk", r == null ? null : r.diskGb()).param("image", change.image()).param("now", ts(now))
                .param("id", id)
                .param("generation", expectedGeneration).update();
    }

    /** Renames a live CVM; a name another live CVM of the workspace holds fails the unique index (duplicate key). */
    int rename(long id, String name, Instant now) {
        return jdbc.sql("UPDATE cvms SET name = ?, active_name = ?, updated_at = ? WHERE id = ? AND active_name IS NOT NULL")
                .params(name, name, ts(now), id).update();
    }

    int setListed(long id, boolean listed, Instant now) {
        return jdbc.sql("UPDATE cvms SET listed = ?, updated_at = ? WHERE id = ? AND " + LIVE)
                .params(listed, ts(now), id).update();
    }

    /** Sets (null: clears) when the CVM is to be deleted. */
    int scheduleDelete(long id, Instant at, Instant now) {
        return jdbc.sql("UPDATE cvms SET scheduled_delete_at = :at, updated_at = :now WHERE id = :id AND " + LIVE)
                .param("at", at == null ? null : ts(at), Types.TIMESTAMP_WITH_TIMEZONE).param("now", ts(now))
                .param("id", id).update();
    }

    /** Live CVMs not yet asked to be deleted whose scheduled delete time has come, oldest first. */
    List<Cvm> dueForDelete(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM cvms WHERE scheduled_delete_at <= ? AND " + LIVE
                        + " AND desired_state <> 'deleted' ORDER BY scheduled_delete_at, id FETCH FIRST ? ROWS ONLY")
                .params(ts(now), limit).query(CvmStore::row).list();
    }

    void freeName(long id, Instant now) {
        jdbc.sql("UPDATE cvms SET active_name = NULL, updated_at = ? WHERE id = ?").params(ts(now), id).update();
    }

    /**
     * Notes that a CreateVm is about to be sent for the CVM, or (null) that the node answered it
     * (see {@code CvmOperationHandler#ensureOnNode}).
     */
    void markCreateSent(long id, Instant now) {
        jdbc.sql("UPDATE cvms SET create_sent_at = ? WHERE id = ?").params(ts(now), id).update();
    }

    Optional<Instant> createSentAt(long id) {
        List<Timestamp> sent = jdbc.sql("SELECT create_sent_at FROM cvms WHERE id = ?").param(id)
                .query((rs, n) -> rs.getTimestamp("create_sent_at")).list();
        return sent.isEmpty() || sent.get(0) == null ? Optional.empty() : Optional.of(sent.get(0).toInstant());
    }

    void recordNodeVmId(long id, String nodeVmId, Instant now) {
        jdbc.sql("UPDATE cvms SET node_vm_id = ?, updated_at = ? WHERE id = ?").params(nodeVmId, ts(now), id).update();
    }

    void applyObservation(long id, Observation o) {
        jdbc.sql("""
                        UPDATE cvms SET node_status = :status, boot_progress = :progress, boot_error = :error,
                                        instance_id = COALESCE(:instance, instance_id), uptime = :uptime,
                                        app_url = COALESCE(:url, app_url), observed_at = :at
                        WHERE id = :id""")
                .param("status", o.nodeStatus()).param("progress", clip(o.bootProgress(), 128))
                .param("error", clip(o.bootError(), 2048)).param("instance", o.instanceId())
                .param("uptime", clip(o.uptime(), 64)).param("url", clip(o.appUrl(), 512))
                .param("at", ts(o.observedAt())).param("id", id)
                .update();
    }

    /** Moves the status if it is still {@code from}; 0 when someone else moved it first. */
    int moveStatus(long id, CvmStatus from, CvmStatus to, Instant now) {
        return jdbc.sql("UPDATE cvms SET status = ?, updated_at = ? WHERE id = ? AND status = ?")
                .params(to.wire(), ts(now), id, from.wire()).update();
    }

    void markDeleted(long id, Instant now) {
        jdbc.sql("UPDATE cvms SET active_name = NULL, deleted_at = ? WHERE id = ?").params(ts(now), id).update();
    }

    /** Clears {@code capacity_held}; true only for the one caller that actually cleared it. */
    boolean takeCapacityHold(long id) {
        return jdbc.sql("UPDATE cvms SET capacity_held = FALSE WHERE id = ? AND capacity_held = TRUE")
                .param(id).update() == 1;
    }

    private Optional<Cvm> one(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(CvmStore::row).optional();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** The one place a {@link Cvm} is built from its row. */
    static Cvm row(ResultSet rs, int n) throws SQLException {
        long source = rs.getLong("source_cvm_id");
        Long sourceId = rs.wasNull() ? null : source;
        CvmOrigin origin = new CvmOrigin(rs.getLong("app_pk"), rs.getString("app_id"), rs.getLong("creator_user_id"),
                sourceId);
        CvmSpec spec = new CvmSpec(rs.getString("compose_hash"), rs.getString("image"), rs.getString("instance_type"),
                Resources.ofCvm(rs.getInt("vcpu"), rs.getInt("memory_mb"), rs.getInt("disk_gb")),
                rs.getString("encrypted_env"), rs.getBoolean("listed"));
        CvmPlacement placement = new CvmPlacement(rs.getLong("node_id"), rs.getString("node_vm_id"),
                rs.getBoolean("capacity_held"));
        Observation observed = new Observation(rs.getString("node_status"), rs.getString("boot_progress"),
                rs.getString("boot_error"), rs.getString("instance_id"), rs.getString("uptime"),
                rs.getString("app_url"), instant(rs, "observed_at"));
        CvmState state = new CvmState(DesiredState.fromWire(rs.getString("desired_state")),
                CvmStatus.fromWire(rs.getString("status")), observed, rs.getInt("generation"));
        return new Cvm(rs.getLong("id"), rs.getString("public_id"), rs.getLong("workspace_id"), rs.getString("name"),
                rs.getString("vm_uuid"), origin, spec, placement, state,
                new CvmTimes(instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "deleted_at"),
                        instant(rs, "scheduled_delete_at")));
    }
}
