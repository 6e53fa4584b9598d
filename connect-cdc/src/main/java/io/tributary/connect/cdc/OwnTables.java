package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What the connector's own tables (heartbeat, signals) share: lower-case schema.table names that need no
 * quoting, creation when missing, and recognising their change events, which the task drops.
 */
final class OwnTables {

    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]{0,62})\\.([a-z_][a-z0-9_]{0,62})");

    private OwnTables() {
    }

    /** The table of a config value; empty for an empty value or one that is no lower-case schema.table. */
    static <T> Optional<T> parse(String value, BiFunction<String, String, T> table) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = NAME.matcher(value.trim());
        return matcher.matches() ? Optional.of(table.apply(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    static boolean exists(Connection connection, String qualifiedName) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, qualifiedName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** Creates the schema and the table ({@code columns}: the column list in parentheses); whether it did. */
    static boolean ensureExists(Connection connection, String schema, String qualifiedName, String columns)
            throws SQLException {
        if (exists(connection, qualifiedName)) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            if (!schemaExists(connection, schema)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            }
            statement.execute("CREATE TABLE IF NOT EXISTS " + qualifiedName + " " + columns);
        }
        return true;
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Whether a record is a change event of the table: by the source block Debezium puts in every change event,
     * or, for a tombstone, by the topic Debezium's default naming gives it.
     */
    static boolean isChangeOf(SourceRecord record, String topicPrefix, String schema, String table) {
        if (record.value() instanceof Struct value && value.schema().field("source") != null
                && value.get("source") instanceof Struct source && source.schema().field("table") != null) {
            return table.equals(source.get("table")) && schema.equals(source.get("schema"));
        }
        return record.value() == null && (topicPrefix + "." + schema + "." + table).equals(record.topic());
    }
}
