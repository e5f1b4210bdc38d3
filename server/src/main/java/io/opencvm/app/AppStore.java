package io.opencvm.app;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for apps, app revisions (compose text per hash) and revision records (each applied change). */
@Repository
class AppStore {

    private final JdbcClient jdbc;

    AppStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<App> findByAppId(String appId) {
        return jdbc.sql("SELECT * FROM apps WHERE app_id = ?").param(appId).query(AppStore::app).optional();
    }

    Optional<App> find(long pk) {
        return jdbc.sql("SELECT * FROM apps WHERE id = ?").param(pk).query(AppStore::app).optional();
    }

    List<App> findAll(List<Long> pks) {
        if (pks.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM apps WHERE id IN (:pks)").param("pks", pks).query(AppStore::app).list();
    }

    /**
     * One page of the workspace's apps among {@code candidates}, newest first; with a {@code search}, only those
     * whose name or app id contains it, or that are among {@code namedBySearch}.
     */
    List<Long> page(long workspaceId, Collection<Long> candidates, String search, Collection<Long> namedBySearch,
                    long offset, int limit) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        return params(jdbc.sql("SELECT id FROM apps WHERE " + where(search, namedBySearch)
                        + " ORDER BY id DESC LIMIT :limit OFFSET :offset"), workspaceId, candidates, search, namedBySearch)
                .param("limit", limit).param("offset", offset).query(Long.class).list();
    }

    long count(long workspaceId, Collection<Long> candidates, String search, Collection<Long> namedBySearch) {
        if (candidates.isEmpty()) {
            return 0;
        }
        return params(jdbc.sql("SELECT COUNT(*) FROM apps WHERE " + where(search, namedBySearch)), workspaceId,
                candidates, search, namedBySearch).query(Long.class).single();
    }

    private static String where(String search, Collection<Long> namedBySearch) {
        String where = "workspace_id = :ws AND id IN (:candidates)";
        if (search == null) {
            return where;
        }
        return where + " AND (LOWER(name) LIKE :q OR app_id LIKE :q" + (namedBySearch.isEmpty() ? "" : " OR id IN (:named)")
                + ")";
    }

    private static JdbcClient.StatementSpec params(JdbcClient.StatementSpec spec, long workspaceId,
                                                   Collection<Long> candidates, String search,
                                                   Collection<Long> namedBySearch) {
        spec = spec.param("ws", workspaceId).param("candidates", List.copyOf(candidates));
        if (search != null) {
            spec = spec.param("q", "%" + search.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "\\_") + "%");
            if (!namedBySearch.isEmpty()) {
                spec = spec.param("named", List.copyOf(namedBySearch));
            }
        }
        return spec;
    }

    long insert(NewApp app, String publicId, Instant now) {
        jdbc.sql("""
                        INSERT INTO apps (public_id, app_id, workspace_id, creator_user_id, name, kms_id, kms_type,
                                          env_pubkey, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(publicId, app.appId(), app.workspaceId(), app.creatorUserId(), app.name(), app.kmsPk(),
                        app.kmsType(), app.envPubkey(), now.atOffset(ZoneOffset.UTC))
                .update();
        return jdbc.sql("SELECT id FROM apps WHERE app_id = ?").param(app.appId()).query(Long.class).single();
    }

    Optional<AppRevision> revision(long appPk, String composeHash) {
        return jdbc.sql("SELECT * FROM app_revisions WHERE app_pk = ? AND compose_hash = ?")
                .params(appPk, composeHash).query(AppStore::revision).optional();
    }

    void insertRevision(long appPk, String composeHash, String composeFile, Instant now) {
        jdbc.sql("""
                        INSERT INTO app_revisions (app_pk, compose_hash, compose_file, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(appPk, composeHash, composeFile, now.atOffset(ZoneOffset.UTC)).update();
    }

    void insertRecord(RevisionRecord.New r, String publicId, Instant now) {
        jdbc.sql("""
                        INSERT INTO app_revision_records (public_id, app_pk, vm_uuid, cvm_name, compose_hash, encrypted_env,
                                                          operation_type, user_id, trace_id, created_at)
                        VALUES (:pid, :app, :uuid, :name, :hash, :env, :type, :user, :trace, :now)""")
                .param("pid", publicId).param("app", r.appPk()).param("uuid", r.vmUuid()).param("name", r.cvmName())
                .param("hash", r.composeHash()).param("env", r.encryptedEnv()).param("type", r.operationType())
                .param("user", r.userId(), Types.BIGINT).param("trace", r.traceId())
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    /** The app's revision records, newest first. */
    List<RevisionRecord> records(long appPk, long offset, int limit) {
        return jdbc.sql("SELECT * FROM app_revision_records WHERE app_pk = ? ORDER BY id DESC OFFSET ? ROWS"
                        + " FETCH FIRST ? ROWS ONLY")
                .params(appPk, offset, limit).query(AppStore::record).list();
    }

    long countRecords(long appPk) {
        return jdbc.sql("SELECT COUNT(*) FROM app_revision_records WHERE app_pk = ?").param(appPk).query(Long.class)
                .single();
    }

    Optional<RevisionRecord> record(long appPk, String publicId) {
        return jdbc.sql("SELECT * FROM app_revision_records WHERE app_pk = ? AND public_id = ?")
                .params(appPk, publicId).query(AppStore::record).optional();
    }

    private static RevisionRecord record(ResultSet rs, int n) throws SQLException {
        long user = rs.getLong("user_id");
        Long userId = rs.wasNull() ? null : user;
        return new RevisionRecord(rs.getLong("id"), rs.getString("public_id"), rs.getLong("app_pk"),
                rs.getString("vm_uuid"), rs.getString("cvm_name"), rs.getString("compose_hash"),
                rs.getString("encrypted_env"), rs.getString("operation_type"), userId, rs.getString("trace_id"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static App app(ResultSet rs, int n) throws SQLException {
        long kms = rs.getLong("kms_id");
        Long kmsPk = rs.wasNull() ? null : kms;
        return new App(rs.getLong("id"), rs.getString("public_id"), rs.getString("app_id"), rs.getLong("workspace_id"),
                rs.getLong("creator_user_id"), rs.getString("name"), kmsPk, rs.getString("kms_type"),
                rs.getString("env_pubkey"), rs.getTimestamp("created_at").toInstant());
    }

    private static AppRevision revision(ResultSet rs, int n) throws SQLException {
        return new AppRevision(rs.getLong("id"), rs.getLong("app_pk"), rs.getString("compose_hash"),
                rs.getString("compose_file"), rs.getTimestamp("created_at").toInstant());
    }
}
