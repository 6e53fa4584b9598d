package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.Driver;

/**
 * Opens plain (non-replication) connections for the connector's own checks and housekeeping, through the
 * shared connection factory with the plugin's own driver instance.
 */
final class PostgresConnections {

    private static final Driver DRIVER = new Driver();

    private PostgresConnections() {
    }

    static Connection open(DatabaseTarget target, String purpose) throws SQLException {
        return target.connections(DRIVER, "tributary-cdc " + purpose).open();
    }
}
