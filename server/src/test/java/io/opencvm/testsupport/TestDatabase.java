package io.opencvm.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The database a test context runs on, chosen by the system property {@code opencvm.test.db}
 * ({@code h2} or {@code postgres}; surefire runs the suite once with each). Every call makes a
 * fresh, empty database so that test classes never see each other's rows.
 */
public final class TestDatabase {

    public static final String PROPERTY = "opencvm.test.db";
    private static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        return "postgres".equalsIgnoreCase(System.getProperty(PROPERTY, "h2"));
    }

    /** A JDBC URL for a new, empty database of the selected kind. */
    public static String freshUrl() {
        String name = "opencvm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        if (!isPostgres()) {
            return "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        }
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a PostgreSQL test database on 127.0.0.1:5432", e);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    public static String user() {
        return isPostgres() ? "postgres" : "sa";
    }
}
