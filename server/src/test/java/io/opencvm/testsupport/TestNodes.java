package io.opencvm.testsupport;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test fixture: nodes and KMSs written straight into their tables, pointing at simulators' URLs. */
public final class TestNodes {

    private final JdbcClient jdbc;

    public TestNodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A development KMS (no chain) at {@code url}; returns its primary key. */
    public long devKms(String publicId, String url) {
        jdbc.sql("""
                INSERT INTO kms (public_id, slug, url, version, is_default, created_at)
                VALUES (?, ?, ?, 'v0.5.4', TRUE, ?)""")
                .params(publicId, publicId, url, OffsetDateTime.now(ZoneOffset.UTC)).update();
        return jdbc.sql("SELECT id FROM kms WHERE public_id = ?").param(publicId).query(Long.class).single();
    }

    /** An online node open to every workspace, with one image; returns its id (the node_id). */
    public long node(String name, String vmmUrl, Long kmsPk, int vcpu, int memoryMb, int slots, String image) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                INSERT INTO nodes (name, vmm_url, region, listed, open_to_all, kms_id, vcpu_capacity,
                                   memory_mb_capacity, disk_gb_capacity, slot_capacity, device_id, version,
                                   status, last_seen_at, created_at, updated_at)
                VALUES (?, ?, 'local', TRUE, TRUE, ?, ?, ?, 2000, ?, ?, '0.5.4', 'online', ?, ?, ?)""")
                .params(name, vmmUrl, kmsPk, vcpu, memoryMb, slots,
                        String.format("%064x", Math.abs((long) name.hashCode())), now, now, now)
                .update();
        long id = jdbc.sql("SELECT id FROM nodes WHERE name = ?").param(name).query(Long.class).single();
        jdbc.sql("INSERT INTO node_images (node_id, name, version, is_dev, os_image_hash) VALUES (?, ?, '0.5.4', FALSE, ?)")
                .params(id, image, "ab".repeat(32)).update();
        return id;
    }
}
