package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.JdbcSourceConfig.BULK_SPLIT_BY_PRIMARY_KEY;
import static io.tributary.connect.jdbc.JdbcSourceConfig.CONNECTION_PASSWORD;
import static io.tributary.connect.jdbc.JdbcSourceConfig.CONNECTION_URL;
import static io.tributary.connect.jdbc.JdbcSourceConfig.CONNECTION_USER;
import static io.tributary.connect.jdbc.JdbcSourceConfig.INCREMENTING_COLUMN_NAME;
import static io.tributary.connect.jdbc.JdbcSourceConfig.MODE;
import static io.tributary.connect.jdbc.JdbcSourceConfig.QUERY;
import static io.tributary.connect.jdbc.JdbcSourceConfig.TABLE_EXCLUDE_LIST;
import static io.tributary.connect.jdbc.JdbcSourceConfig.TABLE_INCLUDE_LIST;
import static io.tributary.connect.jdbc.JdbcSourceConfig.TIMESTAMP_COLUMN_NAME;

import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.DatabaseDialects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * What {@code validate()} checks beyond each key's own validator: rules between keys, then the database
 * itself (can we log in, do the tables and columns exist and suit the mode). Each problem lands on the
 * key a user has to change, with the reason; the password never appears in a message.
 */
final class ConfigChecks {

    /** Validation reads each table's columns; beyond this many tables it samples, to answer in time. */
    static final int MAX_TABLES_CHECKED = 200;

    private final Map<String, ConfigValue> values;

    private ConfigChecks(Config config) {
        this.values = config.configValues().stream().collect(Collectors.toMap(ConfigValue::name, Function.identity()));
    }

    static Config check(Map<String, String> props, Config config) {
        ConfigChecks checks = new ConfigChecks(config);
        checks.crossField();
        if (checks.valid(CONNECTION_URL, CONNECTION_USER, CONNECTION_PASSWORD, MODE, QUERY, TABLE_INCLUDE_LIST,
                TABLE_EXCLUDE_LIST, INCREMENTING_COLUMN_NAME, TIMESTAMP_COLUMN_NAME)) {
            checks.database(props);
        }
        return config;
    }

    private void crossField() {
        boolean include = !list(TABLE_INCLUDE_LIST).isEmpty();
        boolean exclude = !list(TABLE_EXCLUDE_LIST).isEmpty();
        boolean query = !text(QUERY).isBlank();
        if (include && exclude) {
            error(TABLE_INCLUDE_LIST, "Set " + TABLE_INCLUDE_LIST + " or " + TABLE_EXCLUDE_LIST + ", not both");
            error(TABLE_EXCLUDE_LIST, "Set " + TABLE_INCLUDE_LIST + " or " + TABLE_EXCLUDE_LIST + ", not both");
        }
        if (query && (include || exclude)) {
            error(QUERY, "A query replaces table discovery: remove " + TABLE_INCLUDE_LIST + " and " + TABLE_EXCLUDE_LIST
                    + ", or the query");
        }
        Mode mode = mode();
        if (mode == null) {
            return;
        }
        if (Boolean.TRUE.equals(values.get(BULK_SPLIT_BY_PRIMARY_KEY).value())) {
            // only settings that can never apply are errors; a table that cannot be split is merely read whole
            if (mode != Mode.BULK) {
                error(BULK_SPLIT_BY_PRIMARY_KEY, "Only bulk mode reads tables by key range; mode "
                        + mode.configValue() + " reads each table in one task. Set " + BULK_SPLIT_BY_PRIMARY_KEY + "=false");
            } else if (query) {
                error(BULK_SPLIT_BY_PRIMARY_KEY, "A query has no primary key to split by; one task reads it. Set "
                        + BULK_SPLIT_BY_PRIMARY_KEY + "=false or read tables instead of the query");
            }
        }
        if (mode.usesIncrementing() && text(INCREMENTING_COLUMN_NAME).isBlank()) {
            error(INCREMENTING_COLUMN_NAME, "Mode " + mode.configValue() + " needs " + INCREMENTING_COLUMN_NAME
                    + ": a strictly increasing integer column");
        }
        if (mode.usesTimestamp() && list(TIMESTAMP_COLUMN_NAME).isEmpty()) {
            error(TIMESTAMP_COLUMN_NAME, "Mode " + mode.configValue() + " needs " + TIMESTAMP_COLUMN_NAME
                    + ": one or more timestamp columns");
        }
    }

    private void database(Map<String, String> props) {
        JdbcSourceConfig config;
        try {
            config = new JdbcSourceConfig(props);
        } catch (RuntimeException e) {
            return; // the key validators already reported what is wrong
        }
        DatabaseDialect dialect = DatabaseDialects.forUrl(config.url());
        ConnectionOpener opener = new ConnectionOpener(config, dialect);
        try (Connection connection = opener.openOnce()) {
            if (config.isQueryMode()) {
                checkQuery(connection, dialect, config, opener);
            } else {
                checkTables(connection, dialect, config, opener);
            }
        } catch (SQLException e) {
            String reason = opener.describe(e);
            if (SqlErrors.isAuthenticationFailure(e)) {
                error(CONNECTION_PASSWORD, "The database refused user " + config.user() + ": " + reason);
                error(CONNECTION_USER, "The database refused user " + config.user() + ": " + reason);
            } else {
                error(CONNECTION_URL, "Cannot connect to " + opener.safeUrl() + ": " + reason);
            }
        }
    }

    private void checkQuery(Connection connection, DatabaseDialect dialect, JdbcSourceConfig config, ConnectionOpener opener) {
        List<ColumnInfo> columns;
        try {
            columns = dialect.queryColumns(connection, config.query());
        } catch (SQLException e) {
            error(QUERY, "The query fails: " + opener.describe(e));
            return;
        }
        checkColumns("the query", columns, config);
    }

    private void checkTables(Connection connection, DatabaseDialect dialect, JdbcSourceConfig config,
                             ConnectionOpener opener) throws SQLException {
        TableDiscovery discovery = new TableDiscovery(config, dialect);
        List<SourceTable> visible = discovery.visible(connection);
        for (String unmatched : discovery.filter().unmatchedIncludes(visible)) {
            error(TABLE_INCLUDE_LIST, "No table matches '" + unmatched + "': it does not exist, is not of the types "
                    + config.tableTypes() + ", or user " + config.user() + " cannot see it (names are matched as "
                    + "schema.table, e.g. public.orders)");
        }
        List<SourceTable> tables = discovery.filter().apply(visible);
        for (SourceTable table : tables.subList(0, Math.min(tables.size(), MAX_TABLES_CHECKED))) {
            try {
                checkColumns("table " + table.id(), dialect.columns(connection, table.id()), config);
            } catch (SQLException e) {
                error(TABLE_INCLUDE_LIST, "Cannot read table " + table.id() + ": " + opener.describe(e));
            }
        }
    }

    private void checkColumns(String where, List<ColumnInfo> columns, JdbcSourceConfig config) {
        Mode mode = config.mode();
        if (mode.usesIncrementing()) {
            String name = config.incrementingColumn();
            ColumnInfo column = find(columns, name);
            if (column == null) {
                error(INCREMENTING_COLUMN_NAME, where + " has no column '" + name + "'");
            } else if (!column.isIntegral()) {
                error(INCREMENTING_COLUMN_NAME, "Column '" + name + "' of " + where + " is of type " + column.typeName()
                        + ", which cannot increase strictly; use an integer column (smallint, integer, bigint)");
            } else if (column.nullable() && config.validateNonNull()) {
                error(INCREMENTING_COLUMN_NAME, "Column '" + name + "' of " + where + " is nullable: rows with NULL "
                        + "there would never be read. Make it NOT NULL or set validate.non.null=false");
            }
        }
        if (mode.usesTimestamp()) {
            List<String> names = config.timestampColumns();
            for (int i = 0; i < names.size(); i++) {
                ColumnInfo column = find(columns, names.get(i));
                if (column == null) {
                    error(TIMESTAMP_COLUMN_NAME, where + " has no column '" + names.get(i) + "'");
                } else if (!column.isTemporal()) {
                    error(TIMESTAMP_COLUMN_NAME, "Column '" + names.get(i) + "' of " + where + " is of type "
                            + column.typeName() + ", not a timestamp or date, so it cannot order changes");
                } else if (i == names.size() - 1 && column.nullable() && config.validateNonNull()) {
                    error(TIMESTAMP_COLUMN_NAME, "Column '" + names.get(i) + "' of " + where + " is nullable: rows "
                            + "with NULL there would never be read. Make it NOT NULL or set validate.non.null=false");
                }
            }
        }
    }

    private static ColumnInfo find(List<ColumnInfo> columns, String name) {
        int position = ColumnInfo.position(columns, name);
        return position == 0 ? null : columns.get(position - 1);
    }

    private boolean valid(String... keys) {
        for (String key : keys) {
            ConfigValue value = values.get(key);
            if (value != null && !value.errorMessages().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private Mode mode() {
        try {
            return Mode.fromConfig(text(MODE));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String text(String key) {
        Object value = values.get(key).value();
        return value == null ? "" : value.toString();
    }

    private List<?> list(String key) {
        Object value = values.get(key).value();
        return value instanceof List<?> list ? list.stream().filter(v -> !v.toString().isBlank()).toList() : List.of();
    }

    private void error(String key, String message) {
        ConfigValue value = values.get(key);
        if (!value.errorMessages().contains(message)) {
            value.addErrorMessage(message);
        }
    }
}
