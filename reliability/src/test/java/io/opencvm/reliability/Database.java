package io.opencvm.reliability;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh PostgreSQL database on 127.0.0.1:5432 (trust, user postgres) for one harness run, dropped on close;
 * the harness reads it with plain JDBC to check what the control plane recorded.
 */
final class Database implements AutoCloseable {

    private static final String HOST = System.getProperty("reliability.pg.host", "127.0.0.1");
    private static final String PORT = System.getProperty("reliability.pg.port", "5432");
    private static final String USER = System.getProperty("reliability.pg.user", "postgres");

    private final String name;

    private Database(String name) {
        this.name = name;
    }

    /** Creates {@code opencvm_rel_<prefix>_<random>}; {@link #close()} drops it (a caller may skip that to keep it). */
    static Database create(String prefix) {
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        Database db = new Database("opencvm_rel_" + prefix + "_" + HexFormat.of().formatHex(random));
        db.admin("CREATE DATABASE " + db.name);
        return db;
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    String user() {
        return USER;
    }

    /** Rows of {@code sql} as column → value maps (column labels lower-case, as PostgreSQL gives them). */
    List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
             PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        row.put(meta.getColumnLabel(col), rs.getObject(col));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + name + ": " + sql, e);
        }
    }

    long count(String sql, Object... params) {
        return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
             PreparedStatement statement = c.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
