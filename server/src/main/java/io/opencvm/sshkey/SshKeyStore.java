package io.opencvm.sshkey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for SSH keys. Every read and write is scoped to the owning user. */
@Repository
class SshKeyStore {

    private final JdbcClient jdbc;

    SshKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String publicId, long userId, String name, SshPublicKey key, String source, Instant now) {
        jdbc.sql("""
                        INSERT INTO ssh_keys (public_id, user_id, name, public_key, fingerprint, key_type, bits, source,
                                              last_synced_at, created_at, updated_at)
                        VALUES (:pid, :user, :name, :key, :fingerprint, :type, :bits, :source, :synced, :now, :now)""")
                .param("pid", publicId).param("user", userId).param("name", name).param("key", key.openssh())
                .param("fingerprint", key.fingerprint()).param("type", key.keyType()).param("bits", key.bits())
                .param("source", source).param("synced", source.equals(SshKey.GITHUB) ? ts(now) : null)
                .param("now", ts(now))
                .update();
    }

    Optional<SshKey> find(long userId, String publicId) {
        return jdbc.sql("SELECT * FROM ssh_keys WHERE user_id = ? AND public_id = ?").params(userId, publicId)
                .query(SshKeyStore::row).optional();
    }

    boolean hasFingerprint(long userId, String fingerprint) {
        return jdbc.sql("SELECT COUNT(*) FROM ssh_keys WHERE user_id = ? AND fingerprint = ?")
                .params(userId, fingerprint).query(Long.class).single() > 0;
    }

    List<SshKey> ofUser(long userId) {
        return jdbc.sql("SELECT * FROM ssh_keys WHERE user_id = ? ORDER BY id").param(userId)
                .query(SshKeyStore::row).list();
    }

    void delete(long pk) {
        jdbc.sql("DELETE FROM ssh_keys WHERE id = ?").param(pk).update();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static SshKey row(ResultSet rs, int n) throws SQLException {
        int bits = rs.getInt("bits");
        return new SshKey(rs.getLong("id"), rs.getString("public_id"), rs.getLong("user_id"), rs.getString("name"),
                rs.getString("public_key"), rs.getString("fingerprint"), rs.getString("key_type"),
                rs.wasNull() ? null : bits, rs.getString("source"), instant(rs, "last_synced_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
