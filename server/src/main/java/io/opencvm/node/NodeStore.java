package io.opencvm.node;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for nodes, their images and the workspaces they are open to. */
@Repository
class NodeStore {

    private static final String SELECT = "SELECT * FROM nodes";

    private final JdbcClient jdbc;

    NodeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Node> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(this::row).optional().map(this::withDetails);
    }

    Optional<Node> findByName(String name) {
        return jdbc.sql(SELECT + " WHERE name = ?").param(name).query(this::row).optional().map(this::withDetails);
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
                        WHERE id = :id
                          AND vcpu_reserved + :vcpu <= vcpu_capacity
                          AND memory_mb_reserved + :mem <= memory_mb_capacity
                          AND disk_gb_reserved + :disk <= disk_gb_capacity
                          AND slots_reserved + :slots <= slot_capacity
                        """)
                .param("vcpu", r.vcpu()).param("mem", r.memoryMb()).param("disk", r.diskGb())
                .param("slots", r.slots()).param("id", nodeId)
                .update();
        if (updated > 1) {
            throw new IllegalStateException("reservation touched " + updated + " node rows");
        }
        return updated == 1;
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
            byNode.computeIfAbsent(rs.getLong("node_id"), k -> new java.util.ArrayList<>()).add(image(rs, 0));
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

    private static Node details(Node n, List<NodeImage> images, Set<Long> workspaces) {
        return new Node(n.id(), n.name(), n.vmmUrl(), n.vmmToken(), n.region(), n.listed(), n.openToAll(),
                Set.copyOf(workspaces), n.kmsId(), n.capacity(), n.reserved(), n.deviceId(), n.ppid(), n.fmspc(),
                n.version(), n.status(), n.lastSeenAt(), List.copyOf(images));
    }

    private static NodeImage image(ResultSet rs, int rowNum) throws SQLException {
        return new NodeImage(rs.getString("name"), rs.getString("version"), rs.getBoolean("is_dev"),
                rs.getString("os_image_hash"));
    }

    private Node row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp seen = rs.getTimestamp("last_seen_at");
        long kms = rs.getLong("kms_id");
        return new Node(rs.getLong("id"), rs.getString("name"), rs.getString("vmm_url"), rs.getString("vmm_token"),
                rs.getString("region"), rs.getBoolean("listed"), rs.getBoolean("open_to_all"), Set.of(),
                rs.wasNull() ? null : kms,
                new Resources(rs.getInt("vcpu_capacity"), rs.getInt("memory_mb_capacity"),
                        rs.getInt("disk_gb_capacity"), rs.getInt("slot_capacity")),
                new Resources(rs.getInt("vcpu_reserved"), rs.getInt("memory_mb_reserved"),
                        rs.getInt("disk_gb_reserved"), rs.getInt("slots_reserved")),
                rs.getString("device_id"), rs.getString("ppid"), rs.getString("fmspc"), rs.getString("version"),
                NodeStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                seen == null ? null : seen.toInstant(), List.of());
    }
}
