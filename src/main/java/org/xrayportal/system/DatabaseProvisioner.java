package org.xrayportal.system;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates a database with two roles: an owner that runs the Flyway migrations and an application role that the portal
 * connects with. The split lets the database itself refuse UPDATE and DELETE on the audit trail to the application
 * (DESIGN.md, invariant 5). Used for the embedded PostgreSQL and by the test support; an external database is set up
 * the same way by its administrator (docs/operations.md).
 */
public final class DatabaseProvisioner {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseProvisioner() {}

    /** Connection details for one provisioned database. */
    public record Database(String name, String ownerRole, String ownerPassword, String appRole, String appPassword) {

        /** Role names follow the database name, so several databases can share one server (tests). */
        static Database named(String name) {
            return new Database(name, name + "_owner", randomPassword(), name + "_app", randomPassword());
        }
    }

    /**
     * Creates (or re-keys) the roles and creates the database if it is missing.
     *
     * @param superuser a connection to the server's maintenance database as a superuser
     */
    public static Database provision(DataSource superuser, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must match " + NAME + ": " + name);
        }
        Database db = Database.named(name);
        try (Connection connection = superuser.getConnection();
                Statement statement = connection.createStatement()) {
            upsertRole(statement, db.ownerRole(), db.ownerPassword());
            upsertRole(statement, db.appRole(), db.appPassword());
            boolean exists;
            try (var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + name + " OWNER " + db.ownerRole() + " ENCODING 'UTF8'");
            }
            statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
            statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + name + " TO " + db.appRole());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not provision database " + name + ": " + e.getMessage(), e);
        }
        return db;
    }

    private static void upsertRole(Statement statement, String role, String password) throws SQLException {
        boolean exists;
        try (var rs = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
            exists = rs.next();
        }
        // Names are checked against NAME and passwords are hex, so plain concatenation cannot inject.
        String verb = exists ? "ALTER" : "CREATE";
        statement.execute(
                verb + " ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + password + "'");
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
