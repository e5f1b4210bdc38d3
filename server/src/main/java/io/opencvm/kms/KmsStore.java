package io.opencvm.kms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for registered KMSs. */
@Repository
class KmsStore {

    private final JdbcClient jdbc;

    KmsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Kms> find(long pk) {
        return jdbc.sql("SELECT * FROM kms WHERE id = ?").param(pk).query(KmsStore::row).optional();
    }

    Optional<Kms> findByIdOrSlug(String idOrSlug) {
        return jdbc.sql("SELECT * FROM kms WHERE public_id = :v OR slug = :v ORDER BY id")
                .param("v", idOrSlug).query(KmsStore::row).list().stream().findFirst();
    }

    Optional<Kms> findDefault() {
        return jdbc.sql("SELECT * FROM kms WHERE is_default ORDER BY id").query(KmsStore::row).list().stream().findFirst();
    }

    List<Kms> all() {
        return jdbc.sql("SELECT * FROM kms ORDER BY id").query(KmsStore::row).list();
    }

    Optional<Kms> findByPublicId(String publicId) {
        return jdbc.sql("SELECT * FROM kms WHERE public_id = ?").param(publicId).query(KmsStore::row).optional();
    }

    Optional<Kms> findBySlug(String slug) {
        return jdbc.sql("SELECT * FROM kms WHERE slug = ?").param(slug).query(KmsStore::row).optional();
    }

    /** Inserts a new KMS; false when one with that public id exists already. */
    boolean insert(KmsRegistration r, Instant now) {
        return jdbc.sql("""
                        INSERT INTO kms (public_id, slug, url, version, chain_id, kms_contract_address, gateway_app_id,
                                         rpc_url, is_default, created_at)
                        VALUES (:id, :slug, :url, :version, :chain, :contract, :gateway, :rpc, :default, :now)
                        ON CONFLICT DO NOTHING""")
                .paramSource(params(r).addValue("now", now.atOffset(ZoneOffset.UTC)))
                .update() == 1;
    }

    void update(KmsRegistration r) {
        jdbc.sql("""
                        UPDATE kms SET slug = :slug, url = :url, version = :version, chain_id = :chain,
                                       kms_contract_address = :contract, gateway_app_id = :gateway, rpc_url = :rpc,
                                       is_default = :default
                        WHERE public_id = :id""")
                .paramSource(params(r)).update();
    }

    /** Leaves {@code publicId} the only default KMS. */
    void clearDefaultExcept(String publicId) {
        jdbc.sql("UPDATE kms SET is_default = FALSE WHERE is_default AND public_id <> ?").param(publicId).update();
    }

    private static MapSqlParameterSource params(KmsRegistration r) {
        return new MapSqlParameterSource()
                .addValue("id", r.publicId())
                .addValue("slug", r.slug(), Types.VARCHAR)
                .addValue("url", r.url())
                .addValue("version", r.version())
                .addValue("chain", r.chainId(), Types.BIGINT)
                .addValue("contract", r.contractAddress(), Types.VARCHAR)
                .addValue("gateway", r.gatewayAppId(), Types.VARCHAR)
                .addValue("rpc", r.rpcUrl(), Types.VARCHAR)
                .addValue("default", r.isDefault());
    }

    static Kms row(ResultSet rs, int n) throws SQLException {
        long chain = rs.getLong("chain_id");
        Long chainId = rs.wasNull() ? null : chain;
        return new Kms(rs.getLong("id"), rs.getString("public_id"), rs.getString("slug"), rs.getString("url"),
                rs.getString("version"), chainId, rs.getString("kms_contract_address"),
                rs.getString("gateway_app_id"), rs.getString("rpc_url"), rs.getBoolean("is_default"));
    }
}
