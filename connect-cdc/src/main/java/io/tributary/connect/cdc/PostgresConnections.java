package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.Driver;

/**
 * Opens plain (non-replication) connections for the connector's own checks and housekeeping. The driver
 * is used directly: under a worker's plugin isolation, DriverManager may not see a driver loaded by the
 * plugin's class loader.
 */
final class PostgresConnections {

    private static final Driver DRIVER = new Driver();

    private PostgresConnections() {
    }

    static Connection open(DatabaseTarget target, String purpose) throws SQLException {
        Connection connection = DRIVER.connect(target.jdbcUrl(), target.driverProperties("tributary-cdc " + purpose));
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept " + target.jdbcUrl());
        }
        return connection;
    }
}
