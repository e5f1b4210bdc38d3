package io.opencvm.account;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Looks up who an API key belongs to; a key works only while it is unrevoked and its user is a member. */
@Repository
class CallerStore {

    private final JdbcClient jdbc;

    CallerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Caller> findByKeyHash(String keyHash) {
        return jdbc.sql("""
                        SELECT u.id AS user_id, u.username, w.id AS workspace_id, w.slug, u.role, m.role AS member_role,
                               u.public_id AS user_public_id, w.public_id AS workspace_public_id,
                               w.name AS workspace_name
                        FROM api_keys k
                        JOIN users u ON u.id = k.user_id
                        JOIN workspaces w ON w.id = k.workspace_id
                        JOIN workspace_members m ON m.workspace_id = k.workspace_id AND m.user_id = k.user_id
                        WHERE k.key_hash = :hash AND k.revoked_at IS NULL
                        """)
                .param("hash", keyHash)
                .query((rs, n) -> new Caller(rs.getLong("user_id"), rs.getString("username"),
                        rs.getLong("workspace_id"), rs.getString("slug"), "admin".equals(rs.getString("role")),
                        MemberRole.parse(rs.getString("member_role")).orElse(MemberRole.MEMBER),
                        rs.getString("user_public_id"), rs.getString("workspace_public_id"),
                        rs.getString("workspace_name")))
                .optional();
    }
}
