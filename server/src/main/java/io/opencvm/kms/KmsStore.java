package io.opencvm.kms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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
                .param("v", idOrSlug).query(KmsStore::row).stream().findFirst();
    }

    Optional<Kms> findDefault() {
        return jdbc.sql("SELECT * FROM kms WHERE is_default ORDER BY id").query(KmsStore::row).stream().findFirst();
    }

    List<Kms> all() {
        return jdbc.sql("SELECT * FROM kms ORDER BY id").query(KmsStore::row).list();
    }

    static Kms row(ResultSet rs, int n) throws SQLException {
        long chain = rs.getLong("chain_id");
        Long chainId = rs.wasNull() ? null : chain;
        return new Kms(rs.getLong("id"), rs.getString("public_id"), rs.getString("slug"), rs.getString("url"),
                rs.getString("version"), chainId, rs.getString("kms_contract_address"),
                rs.getString("gateway_app_id"), rs.getString("rpc_url"), rs.getBoolean("is_default"));
    }
}
