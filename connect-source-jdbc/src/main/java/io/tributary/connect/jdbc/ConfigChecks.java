package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.JdbcSourceConfig.BULK_SPLIT_BY_PRIMARY_KEY;
import static io.tributary.connect.jdbc.JdbcSourceConfig.CONNECTION_PASSWORD;
import static io.tributary.connect.jdbc.JdbcSourceConfig.CONNECTION_URL;
import static io.tributary.connect.jdbc.JdbcSourceConfig.CONNECTION_USER;
import static io.tributary.connect.jdbc.JdbcSourceConfig.INCREMENTING_COLUMN_NAME;
import static io.tributary.connect.jdbc.JdbcSourceConfig.INITIAL_LOAD_PARALLEL;
import static io.tributary.connect.jdbc.JdbcSourceConfig.MODE;
import static io.tributary.connect.jdbc.JdbcSourceConfig.QUERY;
import static io.tributary.connect.jdbc.JdbcSourceConfig.QUERY_SUFFIX;
import static io.tributary.connect.jdbc.JdbcSourceConfig.TABLE_EXCLUDE_LIST;
import static io.tributary.connect.jdbc.JdbcSourceConfig.TABLE_INCLUDE_LIST;
import static io.tributary.connect.jdbc.JdbcSourceConfig.TIMESTAMP_COLUMN_NAME;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.config.ConfigValidation;
import io.tributary.connect.common.jdbc.JdbcConnectionConfig;
import io.tributary.connect.common.jdbc.SqlFailure;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.DatabaseDialects;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The connector's validation pipeline, run by both {@code validate()} and {@code start()}: each key's own
 * validator, then the rules between keys, then the database itself (can we log in, do the tables and
 * columns exist and suit the mode), bounded in time. Each problem lands on the key a user has to change,
 * with the reason; the password never appears in a message.
 */
final class ConfigChecks {

    /** Validation reads each table's columns; beyond this many tables it samples, to answer in time. */
    static final int MAX_TABLES_CHECKED = 200;
    /** Connect's REST API gives validate() 90 s; connecting and logging in alone may take the login timeout. */
    static final Duration DATABASE_CHECK_BOUND = Duration.ofSeconds(60);
    /** Connect's connector-level key of exactly-once source delivery, and its value that makes support mandatory. */
    static final String EXACTLY_ONCE_SUPPORT = "exactly.once.support";
    static final String EXACTLY_ONCE_REQUIRED = "required";

    static final ConfigValidation VALIDATION = validation(tables -> { });

    /**
     * The checks, whose database step hands the tables it found (listed and filtered, as {@link TableDiscovery}
     * lists them) to {@code found}: start() reads them from there instead of opening another connection to list
     * them again. Not called when the step did not get that far (no connection, query mode, a key invalid).
     */
    static ConfigValidation validation(Consumer<List<SourceTable>> found) {
        return ConfigValidation.of(JdbcSourceConfig.CONFIG_DEF)
                .rule("tables or query", ConfigChecks::tablesOrQuery)
                .rule("query text", ConfigChecks::queryTextStaysInItsStatement)
                .rule("mode", ConfigChecks::modeNeedsItsColumns)
                .rule("TLS files", JdbcConnectionConfig.tlsFilesReadable(JdbcSourceConfig.CONNECTION_PREFIX))
                .connectivity("database", DATABASE_CHECK_BOUND, CONNECTION_URL, context -> database(context, found))
                .build();
    }

    private ConfigChecks() {
    }

    private static void tablesOrQuery(ConfigValidation.Context context) {
        if (!context.has(TABLE_INCLUDE_LIST, TABLE_EXCLUDE_LIST, QUERY)) {
            return;
        }
        boolean include = !list(context, TABLE_INCLUDE_LIST).isEmpty();
        boolean exclude = !list(context, TABLE_EXCLUDE_LIST).isEmpty();
        boolean query = !text(context, QUERY).isBlank();
        if (include && exclude) {
            context.problem(TABLE_INCLUDE_LIST,
                    "Set " + TABLE_INCLUDE_LIST + " or " + TABLE_EXCLUDE_LIST + ", not both");
            context.problem(TABLE_EXCLUDE_LIST,
                    "Set " + TABLE_INCLUDE_LIST + " or " + TABLE_EXCLUDE_LIST + ", not both");
        }
        if (query && (include || exclude)) {
            context.problem(QUERY, "A query replaces table discovery: remove " + TABLE_INCLUDE_LIST + " and "
                    + TABLE_EXCLUDE_LIST + ", or the query");
        }
    }

    /**
     * The query and the suffix are put into the statements the connector builds; before any of them reaches the
     * database (validation included), each must stay inside its place there.
     */
    private static void queryTextStaysInItsStatement(ConfigValidation.Context context) {
        if (context.has(QUERY)) {
            QueryText.check(text(context, QUERY)).ifPresent(problem -> context.problem(QUERY, ofQuery(problem)));
        }
        if (context.has(QUERY_SUFFIX)) {
            QueryText.check(text(context, QUERY_SUFFIX))
                    .ifPresent(problem -> context.problem(QUERY_SUFFIX, ofSuffix(problem)));
        }
    }

    private static String ofQuery(QueryText.Problem problem) {
        int at = problem.position();
        return switch (problem.kind()) {
            case SECOND_STATEMENT -> "The query must be one SELECT: the ';' at character " + at + " ends it and more "
                    + "SQL follows. Put the rest into a view or a function and select from that";
            case TRAILING_SEMICOLON -> "The query must be one SELECT without a ';' at its end (character " + at
                    + "): the connector runs it as a subquery. Remove the ';'";
            case UNOPENED_PARENTHESIS -> "The query closes a parenthesis it did not open, at character " + at
                    + ": the connector runs it as a subquery, (<query>), and it must stay inside";
            case UNCLOSED -> "The query is incomplete: the " + problem.what() + " opened at character " + at
                    + " is not closed";
        };
    }

    private static String ofSuffix(QueryText.Problem problem) {
        int at = problem.position();
        return switch (problem.kind()) {
            case SECOND_STATEMENT -> "The query suffix must not end the statement: the ';' at character " + at
                    + " ends it and more SQL follows";
            case TRAILING_SEMICOLON -> "The query suffix must not end the statement: remove the ';' at character " + at;
            case UNOPENED_PARENTHESIS -> "The query suffix closes a parenthesis it did not open, at character " + at
                    + ": it may only add to the end of the statement";
            case UNCLOSED -> "The query suffix is incomplete: the " + problem.what() + " opened at character " + at
                    + " is not closed";
        };
    }

    private static void modeNeedsItsColumns(ConfigValidation.Context context) {
        if (!context.has(MODE, QUERY, BULK_SPLIT_BY_PRIMARY_KEY, INITIAL_LOAD_PARALLEL, INCREMENTING_COLUMN_NAME,
                TIMESTAMP_COLUMN_NAME)) {
            return;
        }
        Mode mode = Choices.find(Mode.class, context.value(MODE));
        boolean query = !text(context, QUERY).isBlank();
        if (Boolean.TRUE.equals(context.value(BULK_SPLIT_BY_PRIMARY_KEY))) {
            // only settings that can never apply are errors; a table that cannot be split is merely read whole
            if (mode != Mode.BULK) {
                context.problem(BULK_SPLIT_BY_PRIMARY_KEY, "Only bulk mode reads tables by key range; mode "
                        + mode.configValue() + " reads each table in one task. Set " + BULK_SPLIT_BY_PRIMARY_KEY
                        + "=false");
            } else if (query) {
                context.problem(BULK_SPLIT_BY_PRIMARY_KEY, "A query has no primary key to split by; one task reads "
                        + "it. Set " + BULK_SPLIT_BY_PRIMARY_KEY + "=false or read tables instead of the query");
            }
        }
        if (Boolean.TRUE.equals(context.value(INITIAL_LOAD_PARALLEL))) {
            if (mode != Mode.INCREMENTING && mode != Mode.TIMESTAMP_INCREMENTING) {
                context.problem(INITIAL_LOAD_PARALLEL, "Only incrementing and timestamp+incrementing modes load a "
                        + "table's existing rows in ranges of the incrementing column; mode " + mode.configValue()
                        + (mode == Mode.BULK ? " reads whole tables (see " + BULK_SPLIT_BY_PRIMARY_KEY + ")"
                                : " has no incrementing column to cut")
                        + ". Set " + INITIAL_LOAD_PARALLEL + "=false");
            } else if (query) {
                context.problem(INITIAL_LOAD_PARALLEL, "A query is read by one task; only tables are loaded in "
                        + "ranges. Set " + INITIAL_LOAD_PARALLEL + "=false or read tables instead of the query");
            }
        }
        if (EXACTLY_ONCE_REQUIRED.equalsIgnoreCase(context.props().getOrDefault(EXACTLY_ONCE_SUPPORT, "").trim())
                && !mode.isExactlyOnce()) {
            context.problem(MODE, "Mode " + mode.configValue() + " cannot deliver exactly once, which "
                    + EXACTLY_ONCE_SUPPORT + "=" + EXACTLY_ONCE_REQUIRED + " asks for: " + mode.whyNotExactlyOnce()
                    + ". Use incrementing or timestamp+incrementing, or leave " + EXACTLY_ONCE_SUPPORT
                    + " at requested");
        }
        if (mode.usesIncrementing() && text(context, INCREMENTING_COLUMN_NAME).isBlank()) {
            context.problem(INCREMENTING_COLUMN_NAME, "Mode " + mode.configValue() + " needs "
                    + INCREMENTING_COLUMN_NAME + ": a strictly increasing integer column");
        }
        if (mode.usesTimestamp() && list(context, TIMESTAMP_COLUMN_NAME).isEmpty()) {
            context.problem(TIMESTAMP_COLUMN_NAME, "Mode " + mode.configValue() + " needs " + TIMESTAMP_COLUMN_NAME
                    + ": one or more timestamp columns");
        }
    }

    private static void database(ConfigValidation.Context context, Consumer<List<SourceTable>> found) {
        if (!context.clean(CONNECTION_URL, CONNECTION_USER, CONNECTION_PASSWORD, MODE, QUERY, TABLE_INCLUDE_LIST,
                TABLE_EXCLUDE_LIST, INCREMENTING_COLUMN_NAME, TIMESTAMP_COLUMN_NAME)) {
            return;
        }
        JdbcSourceConfig config;
        try {
            config = new JdbcSourceConfig(context.props());
        } catch (RuntimeException e) {
            return; // the key validators already reported what is wrong
        }
        DatabaseDialect dialect = DatabaseDialects.forUrl(config.url());
        ConnectionOpener opener = new ConnectionOpener(config, dialect);
        try (Connection connection = opener.openOnce()) {
            // validation only looks: one read-only transaction, rolled back, whatever the query and the URL say
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                if (config.isQueryMode()) {
                    checkQuery(context, connection, dialect, config, opener);
                } else {
                    found.accept(checkTables(context, connection, dialect, config, opener));
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            String reason = opener.describe(e);
            SqlFailure failure = SqlFailure.of(e);
            if (failure == SqlFailure.AUTHENTICATION) {
                context.problem(CONNECTION_PASSWORD, "The database refused user " + config.user() + ": " + reason);
                context.problem(CONNECTION_USER, "The database refused user " + config.user() + ": " + reason);
            } else if (failure.retriable()) {
                context.problem(ConfigProblem.unreachable(CONNECTION_URL, "Cannot connect to " + opener.safeUrl()
                        + ": " + reason));
            } else {
                context.problem(CONNECTION_URL, "Cannot connect to " + opener.safeUrl() + ": " + reason);
            }
        }
    }

    private static void checkQuery(ConfigValidation.Context context, Connection connection, DatabaseDialect dialect,
                                   JdbcSourceConfig config, ConnectionOpener opener) {
        List<ColumnInfo> columns;
        try {
            columns = dialect.queryColumns(connection, config.query());
        } catch (SQLException e) {
            context.problem(QUERY, "The query fails: " + opener.describe(e));
            return;
        }
        checkColumns(context, "the query", columns, config);
    }

    /** Checks the tables the configuration matches; returns them. */
    private static List<SourceTable> checkTables(ConfigValidation.Context context, Connection connection,
                                                 DatabaseDialect dialect, JdbcSourceConfig config,
                                                 ConnectionOpener opener) throws SQLException {
        TableDiscovery discovery = new TableDiscovery(config, dialect);
        List<SourceTable> visible = discovery.visible(connection);
        for (String unmatched : discovery.filter().unmatchedIncludes(visible)) {
            // the table may be created later (the connector notices it), so start() only warns about it
            context.problem(new ConfigProblem(TABLE_INCLUDE_LIST, "No table matches '" + unmatched + "': it does "
                    + "not exist, is not of the types " + config.tableTypes() + ", or user " + config.user()
                    + " cannot see it (names are matched as schema.table, e.g. public.orders)", true));
        }
        List<SourceTable> tables = discovery.filter().apply(visible);
        for (SourceTable table : tables.subList(0, Math.min(tables.size(), MAX_TABLES_CHECKED))) {
            try {
                checkColumns(context, "table " + table.id(), dialect.columns(connection, table.id()), config);
            } catch (SQLException e) {
                context.problem(TABLE_INCLUDE_LIST, "Cannot read table " + table.id() + ": " + opener.describe(e));
            }
        }
        return tables;
    }

    private static void checkColumns(ConfigValidation.Context context, String where, List<ColumnInfo> columns,
                                     JdbcSourceConfig config) {
        Mode mode = config.mode();
        if (mode.usesIncrementing()) {
            String name = config.incrementingColumn();
            ColumnInfo column = find(columns, name);
            if (column == null) {
                context.problem(INCREMENTING_COLUMN_NAME, where + " has no column '" + name + "'");
            } else if (!column.isIntegral()) {
                context.problem(INCREMENTING_COLUMN_NAME, "Column '" + name + "' of " + where + " is of type "
                        + column.typeName() + ", which cannot increase strictly; use an integer column (smallint, "
                        + "integer, bigint)");
            } else if (column.nullable() && config.validateNonNull()) {
                context.problem(INCREMENTING_COLUMN_NAME, "Column '" + name + "' of " + where + " is nullable: rows "
                        + "with NULL there would never be read. Make it NOT NULL or set validate.non.null=false");
            }
        }
        if (mode.usesTimestamp()) {
            List<String> names = config.timestampColumns();
            for (int i = 0; i < names.size(); i++) {
                ColumnInfo column = find(columns, names.get(i));
                if (column == null) {
                    context.problem(TIMESTAMP_COLUMN_NAME, where + " has no column '" + names.get(i) + "'");
                } else if (!column.isTemporal()) {
                    context.problem(TIMESTAMP_COLUMN_NAME, "Column '" + names.get(i) + "' of " + where + " is of type "
                            + column.typeName() + ", not a timestamp or date, so it cannot order changes");
                } else if (i == names.size() - 1 && column.nullable() && config.validateNonNull()) {
                    context.problem(TIMESTAMP_COLUMN_NAME, "Column '" + names.get(i) + "' of " + where + " is "
                            + "nullable: rows with NULL there would never be read. Make it NOT NULL or set "
                            + "validate.non.null=false");
                }
            }
        }
    }

    private static ColumnInfo find(List<ColumnInfo> columns, String name) {
        int position = ColumnInfo.position(columns, name);
        return position == 0 ? null : columns.get(position - 1);
    }

    private static String text(ConfigValidation.Context context, String key) {
        Object value = context.value(key);
        return value == null ? "" : value.toString();
    }

    private static List<?> list(ConfigValidation.Context context, String key) {
        Object value = context.value(key);
        return value instanceof List<?> list ? list.stream().filter(v -> !v.toString().isBlank()).toList() : List.of();
    }
}
