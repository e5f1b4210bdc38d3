package io.opencvm.app;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for apps and app revisions. */
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
