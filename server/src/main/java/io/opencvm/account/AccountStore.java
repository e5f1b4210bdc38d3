package io.opencvm.account;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The account tables: users, workspaces, memberships, API keys (stored as hashes only). */
@Repository
class AccountStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String WORKSPACE_COLUMNS = "w.id, w.public_id, w.name, w.slug, w.tier, w.created_at";
    private static final String KEY_SELECT = """
            SELECT k.public_id, k.name, k.key_prefix, u.username, k.workspace_id, w.slug, k.created_at, k.revoked_at
            FROM api_keys k JOIN users u ON u.id = k.user_id JOIN workspaces w ON w.id = k.workspace_id
            """;

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // users -------------------------------------------------------------------------------------

    long countUsers() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    User insertUser(String username, String email, UserRole role, Instant now) {
        String publicId = newPublicId("usr_");
        jdbc.sql("INSERT INTO users (public_id, username, email, role, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(publicId, username, email, role.wire(), utc(now)).update();
        return findUser(username).orElseThrow();
    }

    Optional<User> findUser(String username) {
        return jdbc.sql("SELECT * FROM users WHERE username = ?").param(username).query(AccountStore::user).optional();
    }

    Optional<User> findUser(long pk) {
        return jdbc.sql("SELECT * FROM users WHERE id = ?").param(pk).query(AccountStore::user).optional();
    }

    List<User> users() {
        return jdbc.sql("SELECT * FROM users ORDER BY id").query(AccountStore::user).list();
    }

    // workspaces and members ----------------------------------------------------------------------

    Workspace insertWorkspace(String name, String slug, String tier, Instant now) {
        jdbc.sql("INSERT INTO workspaces (public_id, name, slug, tier, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(newPublicId("ws_"), name, slug, tier, utc(now)).update();
        return findWorkspace(slug).orElseThrow();
    }

    Optional<Workspace> findWorkspace(long pk) {
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces w WHERE w.id = ?")
                .param(pk).query(AccountStore::workspace).optional();
    }

    Optional<Workspace> findWorkspace(String slug) {
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces w WHERE w.slug = ?")
                .param(slug).query(AccountStore::workspace).optional();
    }

    List<Workspace> workspaces() {
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces w ORDER BY w.id")
                .query(AccountStore::workspace).list();
    }

    void insertMember(long workspacePk, long userPk, MemberRole role) {
        boolean first = jdbc.sql("SELECT COUNT(*) FROM workspace_members WHERE user_id = ?")
                .param(userPk).query(Long.class).single() == 0;
        jdbc.sql("INSERT INTO workspace_members (workspace_id, user_id, role, is_default) VALUES (?, ?, ?, ?)")
                .params(workspacePk, userPk, role.wire(), first).update();
    }

    Optional<Membership> membership(long userPk, long workspacePk) {
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + ", m.role AS member_role FROM workspace_members m "
                        + "JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = ? AND m.workspace_id = ?")
                .params(userPk, workspacePk).query(AccountStore::membership).optional();
    }

    Optional<Membership> membership(long userPk, String slug) {
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + ", m.role AS member_role FROM workspace_members m "
                        + "JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = ? AND w.slug = ?")
                .params(userPk, slug).query(AccountStore::membership).optional();
    }

    /** Up to {@code limit} memberships of the user with a workspace pk above {@code afterPk}, in pk order. */
    List<Membership> memberships(long userPk, long afterPk, int limit) {
        return jdbc.sql("SELECT " + WORKSPACE_COLUMNS + ", m.role AS member_role FROM workspace_members m "
                        + "JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = ? AND w.id > ? "
                        + "ORDER BY w.id LIMIT ?")
                .params(userPk, afterPk, limit).query(AccountStore::membership).list();
    }

    long countMemberships(long userPk) {
        return jdbc.sql("SELECT COUNT(*) FROM workspace_members WHERE user_id = ?").param(userPk).query(Long.class).single();
    }

    // API keys ------------------------------------------------------------------------------------

    IssuedKey insertKey(long userPk, long workspacePk, String name, String key, Instant now) {
        String publicId = newPublicId("key_");
        String prefix = ApiKeys.displayPrefix(key);
        jdbc.sql("""
                INSERT INTO api_keys (public_id, user_id, workspace_id, name, key_prefix, key_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(publicId, userPk, workspacePk, name, prefix, ApiKeys.hash(key), utc(now)).update();
        return new IssuedKey(publicId, key, prefix);
    }

    Optional<ApiKey> findKey(String publicId) {
        return jdbc.sql(KEY_SELECT + " WHERE k.public_id = ?").param(publicId).query(AccountStore::apiKey).optional();
    }

    Optional<ApiKey> findKeyByHash(String keyHash) {
        return jdbc.sql(KEY_SELECT + " WHERE k.key_hash = ?").param(keyHash).query(AccountStore::apiKey).optional();
    }

    List<ApiKey> keys() {
        return jdbc.sql(KEY_SELECT + " ORDER BY k.id").query(AccountStore::apiKey).list();
    }

    List<ApiKey> keysOf(long workspacePk) {
        return jdbc.sql(KEY_SELECT + " WHERE k.workspace_id = ? ORDER BY k.id").param(workspacePk)
                .query(AccountStore::apiKey).list();
    }

    List<Member> members(long workspacePk) {
        return jdbc.sql("""
                        SELECT u.username, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
                        WHERE m.workspace_id = ? ORDER BY u.id""").param(workspacePk)
                .query((rs, n) -> new Member(rs.getString("username"),
                        MemberRole.parse(rs.getString("role")).orElse(MemberRole.MEMBER)))
                .list();
    }

    /** Marks the key revoked unless it already is; returns whether this call revoked it. */
    boolean revokeKey(String publicId, Instant now) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE public_id = ? AND revoked_at IS NULL")
                .params(utc(now), publicId).update() == 1;
    }

    // rows ----------------------------------------------------------------------------------------

    private static User user(ResultSet rs, int n) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("public_id"), rs.getString("username"), rs.getString("email"),
                UserRole.parse(rs.getString("role")).orElse(UserRole.USER), instant(rs, "created_at"));
    }

    private static Workspace workspace(ResultSet rs, int n) throws SQLException {
        return new Workspace(rs.getLong("id"), rs.getString("public_id"), rs.getString("name"), rs.getString("slug"),
                rs.getString("tier"), instant(rs, "created_at"));
    }

    private static Membership membership(ResultSet rs, int n) throws SQLException {
        return new Membership(workspace(rs, n), MemberRole.parse(rs.getString("member_role")).orElse(MemberRole.MEMBER));
    }

    private static ApiKey apiKey(ResultSet rs, int n) throws SQLException {
        return new ApiKey(rs.getString("public_id"), rs.getString("name"), rs.getString("key_prefix"),
                rs.getString("username"), rs.getLong("workspace_id"), rs.getString("slug"), instant(rs, "created_at"),
                instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String newPublicId(String prefix) {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
