package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small table every heartbeat writes one row of, one row per slot. It is in the connector's publication:
 * PostgreSQL 15 and later send a logical slot nothing for a transaction that touches no published table, so
 * the heartbeat's own change is what gives an idle connector a newer position to confirm, and the server
 * leave to recycle the WAL that other tables' writes produced meanwhile. Its change events are dropped by
 * the task: they are a means, not data.
 */
record HeartbeatTable(String schema, String table) {

    /** A schema of its own, which the connector can create with the privilege CREATE PUBLICATION needs too. */
    static final String DEFAULT = "tributary_cdc.heartbeat";

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatTable.class);
    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]{0,62})\\.([a-z_][a-z0-9_]{0,62})");

    /** The table of a config value; empty for an empty value or one that is no lower-case schema.table. */
    static Optional<HeartbeatTable> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = NAME.matcher(value.trim());
        return matcher.matches() ? Optional.of(new HeartbeatTable(matcher.group(1), matcher.group(2)))
                : Optional.empty();
    }

    String qualifiedName() {
        return schema + "." + table;
    }

    /** The entry of Debezium's table.include.list that captures exactly this table (names are [a-z0-9_]). */
    String includePattern() {
        return schema + "\\." + table;
    }

    /** What Debezium runs at every heartbeat: upserts the slot's row (slot names are [a-z0-9_], no quoting). */
    String actionQuery(String slotName) {
        if (!SlotNames.isValid(slotName)) {
            throw new IllegalArgumentException("not a slot name: " + slotName);
        }
        return "INSERT INTO " + qualifiedName() + " (slot_name, beat_at) VALUES ('" + slotName + "', now()) "
                + "ON CONFLICT (slot_name) DO UPDATE SET beat_at = EXCLUDED.beat_at";
    }

    String createStatements() {
        return "CREATE SCHEMA IF NOT EXISTS " + schema + "; CREATE TABLE IF NOT EXISTS " + qualifiedName()
                + " (slot_name text PRIMARY KEY, beat_at timestamptz NOT NULL)";
    }

    /** Creates the schema and the table unless they exist; the preflight has checked that the user may. */
    void ensureExists(Connection connection) throws SQLException {
        if (exists(connection)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            if (!schemaExists(connection)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            }
            statement.execute("CREATE TABLE IF NOT EXISTS " + qualifiedName()
                    + " (slot_name text PRIMARY KEY, beat_at timestamptz NOT NULL)");
        }
        LOG.info("Created the heartbeat table {}", qualifiedName());
    }

    private boolean schemaExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, qualifiedName());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /**
     * Whether a record is a change event of this table: by the source block Debezium puts in every change event,
     * or, for a tombstone, by the topic Debezium's default naming gives it.
     */
    boolean isChangeOf(SourceRecord record, String topicPrefix) {
        if (record.value() instanceof Struct value && value.schema().field("source") != null
                && value.get("source") instanceof Struct source && source.schema().field("table") != null) {
            return table.equals(source.get("table")) && schema.equals(source.get("schema"));
        }
        return record.value() == null && (topicPrefix + "." + qualifiedName()).equals(record.topic());
    }
}
