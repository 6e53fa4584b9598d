package io.tributary.connect.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One database of the test server, fresh for a test class, with the JDBC chores tests need. */
public final class PostgresDatabase {

    private final PostgresServer server;
    private final String name;

    PostgresDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** {@code jdbc:postgresql://host:port/name}, for {@code connection.url}. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** The superuser, for {@code connection.user}. */
    public String user() {
        return PostgresServer.SUPERUSER;
    }

    /** The superuser's password, for {@code connection.password}. */
    public String password() {
        return PostgresServer.SUPERUSER_PASSWORD;
    }

    /** A new superuser connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Runs statements in order, each in its own transaction (autocommit). */
    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs an update with bind parameters; answers the row count. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query; each row is a map from column label to value, in column order. */
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in " + name + ": " + e.getMessage(), e);
        }
    }

    /** The single value of a one-row, one-column query. */
    public Object queryValue(String sql, Object... parameters) {
        List<Map<String, Object>> rows = query(sql, parameters);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one row of one column from: " + sql + "; got " + rows);
        }
        return rows.get(0).values().iterator().next();
    }

    /**
     * Creates a login role with a password; {@code attributes} are PostgreSQL role options such as
     * {@code REPLICATION} or {@code NOSUPERUSER}. The role owns nothing and may connect to this database.
     */
    public void createRole(String role, String rolePassword, String attributes) {
        if (!role.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("role name must be a lower-case SQL identifier: " + role);
        }
        execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + rolePassword.replace("'", "''") + "' " + attributes,
                "GRANT CONNECT ON DATABASE " + name + " TO " + role);
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
