package io.opencvm.node;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for nodes, their images and the workspaces they are open to. A removed node keeps its row
 * ({@code deleted_at} set) because old CVMs reference it; every read here hides it.
 */
@Repository
class NodeStore {

    private static final String SELECT = "SELECT * FROM nodes WHERE deleted_at IS NULL";

    private final JdbcClient jdbc;

    NodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The node with its images and the workspaces it is open to, in one statement (every replicate reads its
     * target this way): one row per image and per workspace, or one row with no detail.
     */
    Optional<Node> find(long id) {
        return jdbc.sql("""
                        SELECT n.*, d.detail, d.image_name, d.image_version, d.image_is_dev, d.image_hash, d.open_to
                        FROM nodes n LEFT JOIN (
                            SELECT node_id, 'image' AS detail, name AS image_name, version AS image_version,
                                   is_dev AS image_is_dev, os_image_hash AS image_hash, CAST(NULL AS BIGINT) AS open_to
                            FROM node_images
                            UNION ALL
                            SELECT node_id, 'workspace', NULL, NULL, NULL, NULL, workspace_id FROM node_workspaces
                        ) d ON d.node_id = n.id
                        WHERE n.deleted_at IS NULL AND n.id = ?
                        ORDER BY d.image_name""")
                .param(id).query((ResultSetExtractor<Optional<Node>>) rs -> {
                    Node node = null;
                    List<NodeImage> images = new ArrayList<>();
                    Set<Long> workspaces = new HashSet<>();
                    while (rs.next()) {
                        node = node == null ? row(rs, 0) : node;
                        String detail = rs.getString("detail");
                        if ("image".equals(detail)) {
                            images.add(new NodeImage(rs.getString("image_name"), rs.getString("image_version"),
                                    rs.getBoolean("image_is_dev"), rs.getString("image_hash")));
                        } else if ("workspace".equals(detail)) {
                            workspaces.add(rs.getLong("open_to"));
                        }
                    }
                    return node == null ? Optional.empty() : Optional.of(details(node, images, workspaces));
                });
    }

    /** By name, removed or not: registration revives a removed node of the same name. */
    Optional<Node> findByNameIncludingRemoved(String name) {
        return jdbc.sql("SELECT * FROM nodes WHERE name = ?").param(name).query(this::row).optional()
                .map(this::withDetails);
    }

    List<Node> all() {
        List<Node> nodes = jdbc.sql(SELECT + " ORDER BY id").query(this::row).list();
        Map<Long, List<NodeImage>> images = allImages();
        Map<Long, Set<Long>> workspaces = allWorkspaces();
        return nodes.stream().map(n -> details(n, images.getOrDefault(n.id(), List.of()),
                workspaces.getOrDefault(n.id(), Set.of()))).toList();
    }

    /**
     * Reserves capacity with one conditional UPDATE, so concurrent requests can never over-commit a
     * node. Returns false (and changes nothing) when the node lacks room.
     */
    boolean reserve(long nodeId, Resources r) {
        int updated = jdbc.sql("""
                        UPDATE nodes SET vcpu_reserved = vcpu_reserved + :vcpu,
                                         memory_mb_reserved = memory_mb_reserved + :mem,
                                         disk_gb_reserved = disk_gb_reserved + :disk,
                                         slots_reserved = slots_reserved + :slots
                        WHERE id = :id AND deleted_at IS NULL
                          AND vcpu_reserved + :vcpu <= vcpu_capacity
                          AND memory_mb_reserved + :mem <= memory_mb_capacity
                          AND disk_gb_reserved + :disk <= disk_gb_capacity
                          AND slots_reserved + :slots <= slot_capacity
                        """)
                .param("vcpu", r.vcpu()).param("mem", r.memoryMb()).param("disk", r.diskGb())
                .param("slots", r.slots()).param("id", nodeId)
                .update();
        return single(updated, "reservation");
    }

    void release(long nodeId, Resources r) {
        jdbc.sql("""
                        UPDATE nodes SET vcpu_reserved = GREATEST(vcpu_reserved - :vcpu, 0),
                                         memory_mb_reserved = GREATEST(memory_mb_reserved - :mem, 0),
                                         disk_gb_reserved = GREATEST(disk_gb_reserved - :disk, 0),
                                         slots_reserved = GREATEST(slots_reserved - :slots, 0)
                        WHERE id = :id
                        """)
                .param("vcpu", r.vcpu()).param("mem", r.memoryMb()).param("disk", r.diskGb())
                .param("slots", r.slots()).param("id", nodeId)
                .update();
    }

    /** Inserts a new node; empty when a node of that name exists (removed or not). */
    Optional<Long> insert(String name, NodeSettings s, Instant now) {
        int inserted = jdbc.sql("""
                        INSERT INTO nodes (name, vmm_url, vmm_token, region, listed, open_to_all, kms_id,
                                           vcpu_capacity, memory_mb_capacity, disk_gb_capacity, slot_capacity,
                                           device_id, status, created_at, updated_at)
                        VALUES (:name, :url, :token, :region, :listed, :open, :kms, :vcpu, :mem, :disk, :slots,
                                :device, 'unknown', :now, :now)
                        ON CONFLICT DO NOTHING""")
                .paramSource(settings(s, now).addValue("name", name))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("SELECT id FROM nodes WHERE name = ?").param(name).query(Long.class).single());
    }

    /**
     * Rewrites a node's settings unless the new capacity is below what is reserved (then false and
     * nothing changes). A changed VMM URL or a revived node starts over as unknown.
     * {@code revive} lets registration bring a removed node back; a change of a live node passes false.
     */
    boolean update(long id, NodeSettings s, boolean revive, Instant now) {
        int updated = jdbc.sql("""
                        UPDATE nodes SET status = CASE WHEN vmm_url = :url AND deleted_at IS NULL
                                                       THEN status ELSE 'unknown' END,
                                         probe_failures = CASE WHEN vmm_url = :url AND deleted_at IS NULL
                                                               THEN probe_failures ELSE 0 END,
                                         vmm_url = :url, vmm_token = :token, region = :region, listed = :listed,
                                         open_to_all = :open, kms_id = :kms, vcpu_capacity = :vcpu,
                                         memory_mb_capacity = :mem, disk_gb_capacity = :disk, slot_capacity = :slots,
                                         device_id = :device, deleted_at = NULL, updated_at = :now
                        WHERE id = :id AND (deleted_at IS NULL OR :revive)
                          AND vcpu_reserved <= :vcpu AND memory_mb_reserved <= :mem
                          AND disk_gb_reserved <= :disk AND slots_reserved <= :slots
                        """)
                .paramSource(settings(s, now).addValue("id", id).addValue("revive", revive))
                .update();
        return single(updated, "node update");
    }

    void replaceWorkspaces(long nodeId, Collection<Long> workspaceIds) {
        jdbc.sql("DELETE FROM node_workspaces WHERE node_id = ?").param(nodeId).update();
        for (long ws : new TreeSet<>(workspaceIds)) {
            jdbc.sql("INSERT INTO node_workspaces (node_id, workspace_id) VALUES (?, ?)").params(nodeId, ws).update();
        }
    }

    /**
     * Hides the node unless it still holds capacity for a CVM (every CVM holds a slot until its VM is
     * gone from the node); false when it does (or the node is gone).
     */
    boolean markRemoved(long id, Instant now) {
        int updated = jdbc.sql("""
                        UPDATE nodes SET deleted_at = :now, updated_at = :now
                        WHERE id = :id AND deleted_at IS NULL
                          AND slots_reserved = 0
                        """)
                .param("now", utc(now)).param("id", id).update();
        return single(updated, "node removal");
    }

    Map<Long, NodeHealth> health() {
        Map<Long, NodeHealth> byNode = new HashMap<>();
        jdbc.sql("SELECT id, probe_failures, last_error FROM nodes WHERE deleted_at IS NULL").query(rs -> {
            byNode.put(rs.getLong("id"), new NodeHealth(rs.getInt("probe_failures"), rs.getString("last_error")));
        });
        return byNode;
    }

    void recordReachable(long id, String version, String deviceId, String ppid, String fmspc, String gatewayDomain,
                         Instant now) {
        jdbc.sql("""
                        UPDATE nodes SET status = 'online', probe_failures = 0, last_error = NULL, last_seen_at = :now,
                                         version = :version, device_id = :device, ppid = :ppid, fmspc = :fmspc,
                                         gateway_domain = :gateway, updated_at = :now
                        WHERE id = :id""")
                .paramSource(new MapSqlParameterSource().addValue("now", utc(now)).addValue("id", id)
                        .addValue("version", version, Types.VARCHAR).addValue("device", deviceId, Types.VARCHAR)
                        .addValue("ppid", ppid, Types.VARCHAR).addValue("fmspc", fmspc, Types.VARCHAR)
                        .addValue("gateway", gatewayDomain, Types.VARCHAR))
                .update();
    }

    void replaceImages(long nodeId, List<NodeImage> images) {
        jdbc.sql("DELETE FROM node_images WHERE node_id = ?").param(nodeId).update();
        for (NodeImage i : images) {
            jdbc.sql("INSERT INTO node_images (node_id, name, version, is_dev, os_image_hash) VALUES (?, ?, ?, ?, ?)")
                    .params(nodeId, i.name(), i.version(), i.isDev(), i.osImageHash()).update();
        }
    }

    /**
     * Counts one more failed probe in the row (so every instance shares the count); the node turns
     * offline once {@code offlineAfter} failures are in a row. Returns the new count.
     */
    int recordUnreachable(long id, String error, int offlineAfter, Instant now) {
        jdbc.sql("""
                        UPDATE nodes SET status = CASE WHEN probe_failures + 1 >= :after THEN 'offline' ELSE status END,
                                         probe_failures = probe_failures + 1, last_error = :error, updated_at = :now
                        WHERE id = :id""")
                .param("after", offlineAfter).param("error", error).param("now", utc(now)).param("id", id).update();
        return jdbc.sql("SELECT probe_failures FROM nodes WHERE id = ?").param(id).query(Integer.class).single();
    }

    /**
     * Takes this interval's turn at {@code duty} for the node: true for the one instance whose conditional write
     * finds the last turn at least {@code cutoff} ago (or none), false for every other instance.
     */
    boolean takeTurn(long id, NodeDuty duty, Instant now, Instant cutoff) {
        String column = duty.column();
        return jdbc.sql("UPDATE nodes SET " + column + " = :now WHERE id = :id AND (" + column + " IS NULL OR "
                        + column + " <= :cutoff)")
                .param("now", utc(now)).param("cutoff", utc(cutoff)).param("id", id).update() == 1;
    }

    private static MapSqlParameterSource settings(NodeSettings s, Instant now) {
        return new MapSqlParameterSource()
                .addValue("url", s.vmmUrl())
                .addValue("token", s.vmmToken(), Types.VARCHAR)
                .addValue("region", s.region(), Types.VARCHAR)
                .addValue("listed", s.listed())
                .addValue("open", s.openToAll())
                .addValue("kms", s.kmsId(), Types.BIGINT)
                .addValue("vcpu", s.capacity().vcpu())
                .addValue("mem", s.capacity().memoryMb())
                .addValue("disk", s.capacity().diskGb())
                .addValue("slots", s.capacity().slots())
                .addValue("device", s.deviceId(), Types.VARCHAR)
                .addValue("now", utc(now));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static boolean single(int updated, String what) {
        if (updated > 1) {
            throw new IllegalStateException(what + " touched " + updated + " node rows");
        }
        return updated == 1;
    }

    private Node withDetails(Node n) {
        List<NodeImage> images = jdbc.sql("SELECT * FROM node_images WHERE node_id = ? ORDER BY name")
                .param(n.id()).query(NodeStore::image).list();
        Set<Long> workspaces = new HashSet<>(jdbc.sql("SELECT workspace_id FROM node_workspaces WHERE node_id = ?")
                .param(n.id()).query(Long.class).list());
        return details(n, images, workspaces);
    }

    private Map<Long, List<NodeImage>> allImages() {
        Map<Long, List<NodeImage>> byNode = new HashMap<>();
        jdbc.sql("SELECT * FROM node_images ORDER BY node_id, name").query(rs -> {
            byNode.computeIfAbsent(rs.getLong("node_id"), k -> new ArrayList<>()).add(image(rs, 0));
        });
        return byNode;
    }

    private Map<Long, Set<Long>> allWorkspaces() {
        Map<Long, Set<Long>> byNode = new HashMap<>();
        jdbc.sql("SELECT node_id, workspace_id FROM node_workspaces").query(rs -> {
            byNode.computeIfAbsent(rs.getLong("node_id"), k -> new HashSet<>()).add(rs.getLong("workspace_id"));
        });
        return byNode;
    }

    /** The node of {@link #row} with what other tables hold of it: its images and the workspaces it is open to. */
    private static Node details(Node n, List<NodeImage> images, Set<Long> workspaces) {
        NodeFacts f = n.facts();
        return new Node(n.id(), n.name(), n.settings(), Set.copyOf(workspaces), n.reserved(),
                new NodeFacts(f.version(), f.ppid(), f.fmspc(), List.copyOf(images), f.gatewayDomain()), n.status(),
                n.lastSeenAt());
    }

    private static NodeImage image(ResultSet rs, int rowNum) throws SQLException {
        return new NodeImage(rs.getString("name"), rs.getString("version"), rs.getBoolean("is_dev"),
                rs.getString("os_image_hash"));
    }

    /** The one place a {@link Node} is built from its row (images and workspaces are added by {@link #details}). */
    private Node row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp seen = rs.getTimestamp("last_seen_at");
        long kms = rs.getLong("kms_id");
        Long kmsId = rs.wasNull() ? null : kms;
        NodeSettings settings = new NodeSettings(rs.getString("vmm_url"), rs.getString("vmm_token"),
                rs.getString("region"), rs.getBoolean("listed"), rs.getBoolean("open_to_all"), kmsId,
                new Resources(rs.getInt("vcpu_capacity"), rs.getInt("memory_mb_capacity"),
                        rs.getInt("disk_gb_capacity"), rs.getInt("slot_capacity")), rs.getString("device_id"));
        Resources reserved = new Resources(rs.getInt("vcpu_reserved"), rs.getInt("memory_mb_reserved"),
                rs.getInt("disk_gb_reserved"), rs.getInt("slots_reserved"));
        NodeFacts facts = new NodeFacts(rs.getString("version"), rs.getString("ppid"), rs.getString("fmspc"), List.of(),
                rs.getString("gateway_domain"));
        return new Node(rs.getLong("id"), rs.getString("name"), settings, Set.of(), reserved, facts,
                NodeStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), seen == null ? null : seen.toInstant());
    }
}
