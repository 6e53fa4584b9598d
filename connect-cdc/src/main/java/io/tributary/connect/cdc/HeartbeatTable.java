package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
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

    /** The table of a config value; empty for an empty value or one that is no lower-case schema.table. */
    static Optional<HeartbeatTable> parse(String value) {
        return OwnTables.parse(value, HeartbeatTable::new);
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
        if (OwnTables.ensureExists(connection, schema, qualifiedName(),
                "(slot_name text PRIMARY KEY, beat_at timestamptz NOT NULL)")) {
            LOG.info("Created the heartbeat table {}", qualifiedName());
        }
    }

    boolean exists(Connection connection) throws SQLException {
        return OwnTables.exists(connection, qualifiedName());
    }

    /**
     * Whether a record is a change event of this table: by the source block Debezium puts in every change event,
     * or, for a tombstone, by the topic Debezium's default naming gives it.
     */
    boolean isChangeOf(SourceRecord record, String topicPrefix) {
        return OwnTables.isChangeOf(record, topicPrefix, schema, table);
    }
}
