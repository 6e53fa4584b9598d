package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connector's slot and publication on the server: how much WAL the slot holds, and retiring both. */
record ReplicationSlot(DatabaseTarget target, String slotName, String publicationName) {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSlot.class);

    /**
     * The slot as the server sees it: the bytes of WAL it retains (null once PostgreSQL invalidated it), its
     * {@code wal_status} and {@code safe_wal_size} (PostgreSQL 13+); empty when the slot does not exist (yet).
     */
    static Optional<WalRetention.SlotState> state(Connection connection, String slotName) throws SQLException {
        boolean walStatus = connection.getMetaData().getDatabaseMajorVersion() >= 13;
        String sql = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint, "
                + (walStatus ? "wal_status, safe_wal_size " : "NULL::text, NULL::bigint ")
                + "FROM pg_replication_slots WHERE slot_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, slotName);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WalRetention.SlotState(nullableLong(rows, 1), rows.getString(2),
                        nullableLong(rows, 3)));
            }
        }
    }

    private static Long nullableLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    /**
     * Drops the slot and the publication. A task that was just stopped may still hold the slot for a
     * moment, so an active slot is retried until {@code wait} passes; then this fails rather than
     * terminate someone's replication connection.
     */
    void drop(Duration wait) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        try (Connection connection = PostgresConnections.open(target, "retire")) {
            while (true) {
                Boolean active = slotActive(connection);
                if (active == null) {
                    LOG.info("Replication slot {} does not exist; nothing to drop", slotName);
                    break;
                }
                if (!active) {
                    try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT pg_drop_replication_slot(?)")) {
                        statement.setString(1, slotName);
                        statement.execute();
                    }
                    LOG.info("Dropped replication slot {}", slotName);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("replication slot " + slotName + " is still in use after " + wait.toSeconds()
                            + " s; stop whatever reads it (see pg_replication_slots.active_pid) and retry");
                }
                Thread.sleep(250);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP PUBLICATION IF EXISTS \"" + publicationName.replace("\"", "\"\"") + "\"");
            }
            LOG.info("Dropped publication {} (if it existed)", publicationName);
        }
    }

    private Boolean slotActive(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getBoolean(1) : null;
            }
        }
    }
}
