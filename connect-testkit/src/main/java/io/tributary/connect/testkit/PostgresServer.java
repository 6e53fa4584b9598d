package io.tributary.connect.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A running PostgreSQL server with {@code wal_level=logical}. The superuser {@code postgres} logs in with
 * the password {@code postgres}; every other role must give its own password (scram-sha-256), so tests
 * of wrong credentials behave as in production.
 */
public interface PostgresServer extends AutoCloseable {

    String SUPERUSER = "postgres";
    String SUPERUSER_PASSWORD = "postgres";

    String host();

    int port();

    /** {@code jdbc:postgresql://host:port/database}. */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A superuser connection to a database of this server. */
    default Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", SUPERUSER_PASSWORD);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates an empty database and hands it out. */
    default PostgresDatabase createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case SQL identifier: " + name);
        }
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new PostgresDatabase(this, name);
    }

    @Override
    void close();
}
