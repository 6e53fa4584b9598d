package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's signal table: Debezium reads a row inserted into it as a command ({@code execute-snapshot}
 * of chosen tables while streaming, {@code stop-snapshot}, {@code log}...), and writes the watermarks of its
 * incremental snapshots there. It is in the connector's publication, since Debezium sees the rows through the
 * slot, and each connector has its own: every connector that captures a table reads its signals. Its change
 * events are dropped by the task.
 */
record SignalTable(String schema, String table) {

    /** The config value that names the table after the connector's slot. */
    static final String AUTO = "auto";
    static final String SCHEMA = "tributary_cdc";
    static final String COLUMNS = "(id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))";

    private static final String SUFFIX = "_signals";
    private static final int MAX_NAME = 63;
    private static final Logger LOG = LoggerFactory.getLogger(SignalTable.class);

    /** The table a config value names: empty when signals are off (empty value) or the value is no table. */
    static Optional<SignalTable> of(String value, String slotName) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (AUTO.equals(value.trim())) {
            String base = slotName.length() + SUFFIX.length() > MAX_NAME
                    ? slotName.substring(0, MAX_NAME - SUFFIX.length()) : slotName;
            return Optional.of(new SignalTable(SCHEMA, base + SUFFIX));
        }
        return OwnTables.parse(value, SignalTable::new);
    }

    /** Whether a config value is "", "auto" or a lower-case schema.table. */
    static boolean isValid(String value) {
        return value == null || value.isBlank() || AUTO.equals(value.trim()) || OwnTables.parse(value,
                SignalTable::new).isPresent();
    }

    String qualifiedName() {
        return schema + "." + table;
    }

    /** The entry of Debezium's table.include.list that captures exactly this table (names are [a-z0-9_]). */
    String includePattern() {
        return schema + "\\." + table;
    }

    String createStatements() {
        return "CREATE SCHEMA IF NOT EXISTS " + schema + "; CREATE TABLE IF NOT EXISTS " + qualifiedName() + " "
                + COLUMNS;
    }

    void ensureExists(Connection connection) throws SQLException {
        if (OwnTables.ensureExists(connection, schema, qualifiedName(), COLUMNS)) {
            LOG.info("Created the signal table {}", qualifiedName());
        }
    }

    /**
     * Asks for an incremental snapshot of these tables (schema.table each), read in chunks while the
     * connector streams; answers the signal's id.
     */
    String requestIncrementalSnapshot(Connection connection, List<String> tables) throws SQLException {
        String data = "{\"data-collections\": [" + String.join(", ", tables.stream().map(SignalTable::jsonText)
                .toList()) + "], \"type\": \"incremental\"}";
        String id = "tributary-" + UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + qualifiedName()
                + " (id, type, data) VALUES (?, 'execute-snapshot', ?)")) {
            insert.setString(1, id);
            insert.setString(2, data);
            insert.executeUpdate();
        }
        return id;
    }

    /** A JSON string of the text: quotes, backslashes and control characters escaped. */
    static String jsonText(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    boolean isChangeOf(SourceRecord record, String topicPrefix) {
        return OwnTables.isChangeOf(record, topicPrefix, schema, table);
    }
}
