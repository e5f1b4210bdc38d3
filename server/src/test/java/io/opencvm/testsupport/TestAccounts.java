package io.opencvm.testsupport;

import io.opencvm.account.ApiKeys;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test fixture: a workspace with one user (its owner) and an API key, and further members, written straight into the account tables. */
public final class TestAccounts {

    public record TestAccount(long userId, String username, long workspaceId, String slug, String apiKey) {
    }

    private final JdbcClient jdbc;

    public TestAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public TestAccount workspaceWithKey(String slug) {
        return create(slug, "user");
    }

    public TestAccount adminWorkspaceWithKey(String slug) {
        return create(slug, "admin");
    }

    /**
     * Another user who is a member of {@code workspace} with {@code memberRole} ({@code owner}, {@code admin} or
     * {@code member}), with a key of their own in it.
     */
    public TestAccount memberOf(TestAccount workspace, String memberRole) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String username = workspace.slug() + "-" + memberRole + "-" + suffix;
        jdbc.sql("INSERT INTO users (public_id, username, email, role, created_at) VALUES (?, ?, ?, 'user', ?)")
                .params("u_" + suffix, username, username + "@example.test", now).update();
        long userId = jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).single();
        jdbc.sql("INSERT INTO workspace_members (workspace_id, user_id, role, is_default) VALUES (?, ?, ?, TRUE)")
                .params(workspace.workspaceId(), userId, memberRole).update();
        return new TestAccount(userId, username, workspace.workspaceId(), workspace.slug(), key(suffix, userId,
                workspace.workspaceId(), now));
    }

    private String key(String suffix, long userId, long workspaceId, OffsetDateTime now) {
        String key = ApiKeys.generate();
        jdbc.sql("""
                INSERT INTO api_keys (public_id, user_id, workspace_id, name, key_prefix, key_hash, created_at)
                VALUES (?, ?, ?, 'test', ?, ?, ?)""")
                .params("key_" + suffix, userId, workspaceId, ApiKeys.displayPrefix(key), ApiKeys.hash(key), now).update();
        return key;
    }

    private TestAccount create(String slug, String role) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String username = slug + "-" + suffix;
        jdbc.sql("INSERT INTO users (public_id, username, email, role, created_at) VALUES (?, ?, ?, ?, ?)")
                .params("u_" + suffix, username, username + "@example.test", role, now).update();
        long userId = jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).single();
        jdbc.sql("INSERT INTO workspaces (public_id, name, slug, tier, created_at) VALUES (?, ?, ?, 'free', ?)")
                .params("ws_" + suffix, slug.toUpperCase(), slug, now).update();
        long workspaceId = jdbc.sql("SELECT id FROM workspaces WHERE slug = ?").param(slug).query(Long.class).single();
        jdbc.sql("INSERT INTO workspace_members (workspace_id, user_id, role, is_default) VALUES (?, ?, 'owner', TRUE)")
                .params(workspaceId, userId).update();
        return new TestAccount(userId, username, workspaceId, slug, key(suffix, userId, workspaceId, now));
    }
}
