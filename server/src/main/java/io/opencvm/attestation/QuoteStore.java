package io.opencvm.attestation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code attestation_quotes}: uploaded quotes by checksum. */
@Repository
class QuoteStore {

    /** One uploaded quote and what its verification found. */
    record StoredQuote(String checksum, byte[] quote, boolean verified, String summary, Instant uploadedAt,
                       Instant verifiedAt) {
    }

    private final JdbcClient jdbc;

    QuoteStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the quote unless its checksum is already there (the same bytes verify the same way); true if new. */
    boolean insertIfAbsent(StoredQuote q) {
        if (find(q.checksum()).isPresent()) {
            return false;
        }
        try {
            jdbc.sql("""
                            INSERT INTO attestation_quotes (checksum, quote_hex, verified, summary, uploaded_at, verified_at)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(q.checksum(), HexFormat.of().formatHex(q.quote()), q.verified(), q.summary(),
                            q.uploadedAt().atOffset(ZoneOffset.UTC), q.verifiedAt().atOffset(ZoneOffset.UTC))
                    .update();
            return true;
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return false; // a concurrent upload of the same bytes stored it first
        }
    }

    Optional<StoredQuote> find(String checksum) {
        return jdbc.sql("SELECT checksum, quote_hex, verified, summary, uploaded_at, verified_at FROM attestation_quotes "
                        + "WHERE checksum = ?")
                .param(checksum).query(QuoteStore::row).optional();
    }

    List<StoredQuote> recent(int skip, int limit) {
        return jdbc.sql("SELECT checksum, quote_hex, verified, summary, uploaded_at, verified_at FROM attestation_quotes "
                        + "ORDER BY uploaded_at DESC, checksum LIMIT ? OFFSET ?")
                .params(limit, skip).query(QuoteStore::row).list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM attestation_quotes").query(Long.class).single();
    }

    private static StoredQuote row(ResultSet rs, int n) throws SQLException {
        return new StoredQuote(rs.getString(1).trim(), HexFormat.of().parseHex(rs.getString(2)), rs.getBoolean(3),
                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant());
    }
}
