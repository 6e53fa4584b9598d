package io.tributary.connect.jdbc;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.jdbc.JdbcConnectionConfig;
import io.tributary.connect.common.jdbc.JdbcConnectionSettings;
import io.tributary.connect.jdbc.schema.NumericMapping;
import io.tributary.connect.jdbc.schema.NumericSpecialValues;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Every key of {@link JdbcSourceConnector}, documented once, here; the docs page is generated from it. */
public class JdbcSourceConfig extends AbstractConfig {

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String CONNECTION_ATTEMPTS = "connection.attempts";
    public static final String CONNECTION_BACKOFF_MS = "connection.backoff.ms";
    /** Prefix of the shared connection keys (timeouts, keep-alive, TLS) of {@link JdbcConnectionConfig}. */
    public static final String CONNECTION_PREFIX = "connection.";
    public static final String TABLE_INCLUDE_LIST = "table.include.list";
    public static final String TABLE_EXCLUDE_LIST = "table.exclude.list";
    public static final String TABLE_TYPES = "table.types";
    public static final String SCHEMA_PATTERN = "schema.pattern";
    public static final String TABLE_POLL_INTERVAL_MS = "table.poll.interval.ms";
    public static final String QUERY = "query";
    public static final String QUERY_SUFFIX = "query.suffix";
    public static final String QUERY_NAME = "query.name";
    public static final String MODE = "mode";
    public static final String INCREMENTING_COLUMN_NAME = "incrementing.column.name";
    public static final String TIMESTAMP_COLUMN_NAME = "timestamp.column.name";
    public static final String TIMESTAMP_INITIAL = "timestamp.initial";
    public static final String TIMESTAMP_INITIAL_TOPIC = "timestamp.initial.topic";
    public static final String TIMESTAMP_DELAY_INTERVAL_MS = "timestamp.delay.interval.ms";
    public static final String IN_FLIGHT_GUARD = "in.flight.guard.enabled";
    public static final String IN_FLIGHT_GUARD_WARN_AFTER_MS = "in.flight.guard.warn.after.ms";
    public static final String BULK_SPLIT_BY_PRIMARY_KEY = "bulk.split.by.primary.key";
    public static final String INITIAL_LOAD_PARALLEL = "initial.load.parallel";
    public static final String DB_TIMEZONE = "db.timezone";
    public static final String NUMERIC_MAPPING = "numeric.mapping";
    public static final String NUMERIC_SPECIAL_VALUES = "numeric.special.values";
    public static final String VALIDATE_NON_NULL = "validate.non.null";
    public static final String KEY_MODE = "key.mode";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String BATCH_MAX_ROWS = "batch.max.rows";
    public static final String FETCH_SIZE = "fetch.size";
    public static final String MAX_UNACKNOWLEDGED_RECORDS = "max.unacknowledged.records";
    public static final String TOPIC_PREFIX = "topic.prefix";

    /** {@code timestamp.initial} value meaning "the database's current time when the connector first runs". */
    public static final long TIMESTAMP_INITIAL_CURRENT = -1L;

    private static final String CONNECTION = "Connection";
    private static final String TABLES = "Tables";
    private static final String MODE_GROUP = "Mode";
    private static final String RECORDS = "Records";
    private static final String POLLING = "Polling";

    // the shared connection keys follow connection.backoff.ms. Their socket timeout: a fetch of batch.max.rows
    // from a cursor returns in well under a second; five minutes leaves room for a first fetch whose plan must
    // sort a large table, and still ends a connection the network dropped without telling either side
    public static final ConfigDef CONFIG_DEF = JdbcConnectionConfig.define(new ConfigDef()
            .define(CONNECTION_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new JdbcUrl(), Importance.HIGH,
                    "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/shop. Keep credentials out of it: "
                            + "use connection.user and connection.password.",
                    CONNECTION, 1, Width.LONG, "JDBC URL")
            .define(CONNECTION_USER, Type.STRING, null, Importance.HIGH,
                    "Database user the connector logs in as. It needs SELECT on the tables; on PostgreSQL, "
                            + "membership in pg_read_all_stats lets the in-flight guard see every session.",
                    CONNECTION, 2, Width.MEDIUM, "User")
            .define(CONNECTION_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                    "Password of connection.user. Never logged; prefer a config provider such as ${env:DB_PASSWORD}.",
                    CONNECTION, 3, Width.MEDIUM, "Password")
            .define(CONNECTION_ATTEMPTS, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How many times a lost or refused connection is tried, at start and while running, before the "
                            + "task fails with the last error.",
                    CONNECTION, 4, Width.SHORT, "Connection attempts")
            .define(CONNECTION_BACKOFF_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Wait before the second connection attempt; it doubles with each further attempt (at most one "
                            + "minute), and each wait is a random time between half of it and all of it, so tasks "
                            + "that failed together do not retry together.",
                    CONNECTION, 5, Width.SHORT, "Connection backoff (ms)"),
                    CONNECTION_PREFIX, CONNECTION, 6, 300_000L)
            .define(TABLE_INCLUDE_LIST, Type.LIST, "", Validators.regexList(), Importance.MEDIUM,
                    "Regular expressions matched against schema.table (the whole name, unquoted); only matching "
                            + "tables are read. Empty: every table the user can see. Not with table.exclude.list or "
                            + "query.",
                    TABLES, 1, Width.LONG, "Tables to include")
            .define(TABLE_EXCLUDE_LIST, Type.LIST, "", Validators.regexList(), Importance.MEDIUM,
                    "Regular expressions matched against schema.table; matching tables are not read. Not with "
                            + "table.include.list or query.",
                    TABLES, 2, Width.LONG, "Tables to exclude")
            .define(TABLE_TYPES, Type.LIST, "TABLE", Validators.nonEmptyList("relation types"), Importance.LOW,
                    "Kinds of relations to read, as the JDBC driver names them: TABLE, VIEW, MATERIALIZED VIEW, "
                            + "PARTITIONED TABLE, FOREIGN TABLE.",
                    TABLES, 3, Width.MEDIUM, "Table types")
            .define(SCHEMA_PATTERN, Type.STRING, null, Importance.MEDIUM,
                    "JDBC schema pattern (SQL LIKE: % and _) that limits table discovery, e.g. public. Empty: all "
                            + "schemas.",
                    TABLES, 4, Width.MEDIUM, "Schema pattern")
            .define(TABLE_POLL_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(100), Importance.LOW,
                    "How often the connector lists the tables again; when tables were created or dropped, the tasks "
                            + "are reconfigured.",
                    TABLES, 5, Width.SHORT, "Table poll interval (ms)")
            .define(QUERY, Type.STRING, "", Importance.MEDIUM,
                    "A SELECT to read instead of tables. The connector wraps it as a subquery and adds its own "
                            + "WHERE and ORDER BY, so the query may have its own WHERE, joins and aggregates. It must "
                            + "be one statement (no ';') that stays inside the subquery's parentheses; validation "
                            + "describes it without running it, and every read runs in a read-only transaction. "
                            + "Records go to the topic named by topic.prefix alone. One task reads it.",
                    MODE_GROUP, 1, Width.LONG, "Query")
            .define(QUERY_SUFFIX, Type.STRING, "", Importance.LOW,
                    "SQL appended to every statement the connector runs on a table or query. It may not end the "
                            + "statement (no ';'). The reads run in read-only transactions, in which PostgreSQL "
                            + "refuses locking clauses such as FOR SHARE.",
                    MODE_GROUP, 2, Width.MEDIUM, "Query suffix")
            .define(QUERY_NAME, Type.STRING, "query", new NonBlank(), Importance.LOW,
                    "Name of the source partition that holds the offsets of query. Change it to start a query over.",
                    MODE_GROUP, 3, Width.SHORT, "Query name")
            .define(MODE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Choices.validator(Mode.class),
                    Importance.HIGH,
                    "bulk: the whole table each poll. incrementing: new rows by a strictly increasing column. "
                            + "timestamp: new and updated rows by a timestamp column. timestamp+incrementing: both, "
                            + "the only mode that orders rows sharing a timestamp.",
                    MODE_GROUP, 4, Width.MEDIUM, "Mode")
            .define(INCREMENTING_COLUMN_NAME, Type.STRING, "", Importance.MEDIUM,
                    "The strictly increasing integer column for incrementing and timestamp+incrementing modes.",
                    MODE_GROUP, 5, Width.MEDIUM, "Incrementing column")
            .define(TIMESTAMP_COLUMN_NAME, Type.LIST, "", Importance.MEDIUM,
                    "Timestamp column(s) for the timestamp modes. With several, the first that is not null counts "
                            + "(COALESCE), e.g. updated_at,created_at.",
                    MODE_GROUP, 6, Width.MEDIUM, "Timestamp columns")
            .define(TIMESTAMP_INITIAL, Type.LONG, null, Importance.LOW,
                    "Where the timestamp modes start when no offset is stored: epoch milliseconds, or -1 for the "
                            + "database's current time when the table is first read (kept as the table's offset "
                            + "through timestamp.initial.topic, so a restart before the first row starts there "
                            + "again). Empty: from the oldest row.",
                    MODE_GROUP, 7, Width.SHORT, "Initial timestamp")
            .define(TIMESTAMP_INITIAL_TOPIC, Type.STRING, "__tributary_jdbc_start", new TopicOrEmpty(),
                    Importance.LOW,
                    "With timestamp.initial=-1: the topic that gets one record per table when its start point is "
                            + "first resolved, so that Connect stores the start point as the table's offset (it "
                            + "stores offsets of records only). Without it, a restart before the table's first row "
                            + "resolves -1 again and skips the rows written while the task was down. The record "
                            + "(key: connector and table; value: connector, source, start as ISO-8601) is for that "
                            + "alone; consumers can ignore the topic. Empty: no record, and the start point is lost "
                            + "on a restart before the first row.",
                    MODE_GROUP, 8, Width.MEDIUM, "Start point topic")
            .define(TIMESTAMP_DELAY_INTERVAL_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Rows newer than this much before the database's current time wait for a later poll. Extra "
                            + "protection for writers whose timestamps the in-flight guard cannot see, such as "
                            + "values computed by the application before its transaction began.",
                    MODE_GROUP, 9, Width.SHORT, "Timestamp delay (ms)")
            .define(IN_FLIGHT_GUARD, Type.BOOLEAN, true, Importance.MEDIUM,
                    "PostgreSQL: hold every poll below the oldest transaction still in flight, so a transaction "
                            + "that commits late with an older timestamp or a lower id is not skipped. Costs latency "
                            + "while long write transactions run; see the docs.",
                    MODE_GROUP, 10, Width.SHORT, "In-flight guard")
            .define(IN_FLIGHT_GUARD_WARN_AFTER_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Timestamp modes on PostgreSQL: when the in-flight guard has held a table back this long (its "
                            + "rows wait for a transaction that began earlier and has not ended, such as a prepared "
                            + "transaction nobody finishes or a long one in another database), the task logs a "
                            + "warning naming that transaction and how to end it, and again every this long while "
                            + "the table stays held back.",
                    MODE_GROUP, 11, Width.SHORT, "In-flight guard warning (ms)")
            .define(BULK_SPLIT_BY_PRIMARY_KEY, Type.BOOLEAN, false, Importance.MEDIUM,
                    "bulk mode on tables only: when tasks.max exceeds the number of tables, cut each table whose "
                            + "primary key is a single integer column into contiguous key ranges, one per spare task, "
                            + "read in parallel. The ranges are cut between the key's minimum and maximum when the "
                            + "tasks are configured, on PostgreSQL where a sample of the table's pages puts about "
                            + "as many rows in each (elsewhere, and for views, evenly spaced); the lowest is open "
                            + "below and the highest open above, so rows written outside still get read. "
                            + "Each range is a source partition of its own "
                            + "({\"table\": ..., \"range\": \"from..to\"}); records keep the table's topic and key. "
                            + "Tables with no, a composite or a non-integer primary key stay whole.",
                    MODE_GROUP, 12, Width.SHORT, "Split bulk tables by primary key")
            .define(INITIAL_LOAD_PARALLEL, Type.BOOLEAN, false, Importance.MEDIUM,
                    "incrementing and timestamp+incrementing modes on tables only: when tasks.max exceeds the number "
                            + "of tables, a table with no stored offset is first loaded by several tasks at once. The "
                            + "connector takes the table's highest incrementing value (in timestamp+incrementing mode "
                            + "also the timestamp bound the next poll would use) and cuts the values up to it into "
                            + "ranges, one per spare task (at most 64), on PostgreSQL where a sample of the "
                            + "table's pages puts about as many rows in each (elsewhere evenly spaced); "
                            + "each range is read once, in order of the "
                            + "incrementing column, as a source partition of its own ({\"table\": ..., "
                            + "\"load_range\": \"0\"}), so a restart resumes every range where it stopped. Once every "
                            + "range is read and its offsets committed, one task reads the table incrementally from "
                            + "that high-water mark: no row is missed or read twice at the hand-over. On PostgreSQL "
                            + "the ranges wait until every transaction that was running when they were cut has ended. "
                            + "Tables that already have an offset, are empty or hold a single value, and "
                            + "timestamp.initial, are read as usual.",
                    MODE_GROUP, 13, Width.SHORT, "Parallel initial load")
            .define(DB_TIMEZONE, Type.STRING, "UTC", Validators.timeZone(false), Importance.MEDIUM,
                    "Time zone (IANA name) in which columns of type timestamp without time zone are interpreted.",
                    RECORDS, 1, Width.SHORT, "Database time zone")
            .define(NUMERIC_MAPPING, Type.STRING, NumericMapping.NONE.configValue(),
                    Choices.validator(NumericMapping.class), Importance.LOW,
                    "NUMERIC/DECIMAL columns: none keeps Connect's exact Decimal; precision_only uses integers for "
                            + "scale 0 and precision below 19; best_fit also uses FLOAT64 for fractional columns "
                            + "with precision below 19 and for numeric without precision.",
                    RECORDS, 2, Width.SHORT, "Numeric mapping")
            .define(NUMERIC_SPECIAL_VALUES, Type.STRING, NumericSpecialValues.NULL.configValue(),
                    Choices.validator(NumericSpecialValues.class), Importance.LOW,
                    "NaN, Infinity and -Infinity in a NUMERIC column whose field is a Decimal or an integer, types "
                            + "without such values: null writes null and logs a warning once per column (a NOT "
                            + "NULL column's field cannot be null, so there the task fails, naming the column); fail "
                            + "fails the task at the first one. Float64 fields (numeric.mapping=best_fit), decimal "
                            + "text and arrays carry them as they are.",
                    RECORDS, 3, Width.SHORT, "Numeric special values")
            .define(VALIDATE_NON_NULL, Type.BOOLEAN, true, Importance.LOW,
                    "Reject, at validation, incrementing and timestamp columns that are nullable: a row with a "
                            + "null there is never read. With several timestamp columns only the last "
                            + "must be NOT NULL.",
                    RECORDS, 4, Width.SHORT, "Validate non-null")
            .define(KEY_MODE, Type.STRING, KeyMode.PRIMARY_KEY.configValue(),
                    Choices.validator(KeyMode.class), Importance.MEDIUM,
                    "primary_key: the table's primary key is the record key (the bare value for one column, a "
                            + "Struct for several; no key for tables without one). none: no key.",
                    RECORDS, 5, Width.SHORT, "Key mode")
            .define(TOPIC_PREFIX, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Prefix of the topic names: a table's records go to prefix + table name; a query's to the "
                            + "prefix itself.",
                    RECORDS, 6, Width.MEDIUM, "Topic prefix")
            .define(POLL_INTERVAL_MS, Type.INT, 5_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Pause between the end of a table's poll and its next one.",
                    POLLING, 1, Width.SHORT, "Poll interval (ms)")
            .define(BATCH_MAX_ROWS, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Most rows handed to the worker in one batch; a result set larger than this is read across "
                            + "several batches from the same cursor.",
                    POLLING, 2, Width.SHORT, "Batch max rows")
            .define(FETCH_SIZE, Type.INT, 2_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Rows the JDBC driver fetches per round trip from the server-side cursor; the result set is "
                            + "never held in memory whole. A query's first round trip fetches at most "
                            + "batch.max.rows rows, so its first records go out without waiting for a whole fetch. "
                            + "The task's reader waits for each round trip's rows while the worker sends the "
                            + "batches it read before: a round trip short enough to end before those are sent keeps "
                            + "the worker from waiting (with 10,000 rows per round trip a task read about 5 % fewer "
                            + "rows per second than with 2,000; see the docs).",
                    POLLING, 3, Width.SHORT, "Fetch size")
            .define(MAX_UNACKNOWLEDGED_RECORDS, Type.INT, 50_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Most records a task has handed to the worker that Kafka has not acknowledged yet. Each waits "
                            + "in the worker's heap (the row, and its converted bytes) until then; the producer's "
                            + "buffer.memory bounds only bytes, compressed ones with compression on. Below this "
                            + "ceiling the task lets about eight produce requests' worth of records wait (it sees how "
                            + "many Kafka acknowledges at once; the ceiling holds until it has), at least eight times "
                            + "batch.max.rows, and at that bound stops reading until half are acknowledged: 8,000 rows "
                            + "at the default batch.max.rows with the worker's small default batches, tens of "
                            + "thousands with large compressed ones. If no record at all is acknowledged for half "
                            + "a second (an exactly-once transaction that commits between polls, a broker outage), "
                            + "the task reads on until the next acknowledgement. "
                            + "0: no bound.",
                    POLLING, 4, Width.SHORT, "Max unacknowledged records");

    public JdbcSourceConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    protected JdbcSourceConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals, false);
    }

    public String url() {
        return getString(CONNECTION_URL);
    }

    public String user() {
        return getString(CONNECTION_USER);
    }

    public Password password() {
        return getPassword(CONNECTION_PASSWORD);
    }

    public JdbcConnectionSettings connectionSettings() {
        return JdbcConnectionConfig.settings(this, CONNECTION_PREFIX);
    }

    public int connectionAttempts() {
        return getInt(CONNECTION_ATTEMPTS);
    }

    public long connectionBackoffMs() {
        return getLong(CONNECTION_BACKOFF_MS);
    }

    public Mode mode() {
        return Choices.parse(Mode.class, MODE, getString(MODE));
    }

    public boolean isQueryMode() {
        return !getString(QUERY).isBlank();
    }

    public String query() {
        return getString(QUERY).trim();
    }

    public String querySuffix() {
        return getString(QUERY_SUFFIX).trim();
    }

    public String queryName() {
        return getString(QUERY_NAME).trim();
    }

    public List<String> includeList() {
        return getList(TABLE_INCLUDE_LIST);
    }

    public List<String> excludeList() {
        return getList(TABLE_EXCLUDE_LIST);
    }

    public List<String> tableTypes() {
        return getList(TABLE_TYPES);
    }

    public String schemaPattern() {
        String pattern = getString(SCHEMA_PATTERN);
        return pattern == null || pattern.isBlank() ? null : pattern.trim();
    }

    public long tablePollIntervalMs() {
        return getLong(TABLE_POLL_INTERVAL_MS);
    }

    public String incrementingColumn() {
        return getString(INCREMENTING_COLUMN_NAME).trim();
    }

    public List<String> timestampColumns() {
        return getList(TIMESTAMP_COLUMN_NAME).stream().map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    public Long timestampInitial() {
        return getLong(TIMESTAMP_INITIAL);
    }

    public long timestampDelayMs() {
        return getLong(TIMESTAMP_DELAY_INTERVAL_MS);
    }

    public boolean inFlightGuard() {
        return getBoolean(IN_FLIGHT_GUARD);
    }

    public long inFlightGuardWarnAfterMs() {
        return getLong(IN_FLIGHT_GUARD_WARN_AFTER_MS);
    }

    /** The topic of start-point records; null for none. */
    public String timestampInitialTopic() {
        String topic = getString(TIMESTAMP_INITIAL_TOPIC);
        return topic == null || topic.isBlank() ? null : topic.trim();
    }

    public boolean bulkSplitByPrimaryKey() {
        return getBoolean(BULK_SPLIT_BY_PRIMARY_KEY);
    }

    public boolean initialLoadParallel() {
        return getBoolean(INITIAL_LOAD_PARALLEL);
    }

    public ZoneId dbTimeZone() {
        return ZoneId.of(getString(DB_TIMEZONE).trim());
    }

    public NumericMapping numericMapping() {
        return Choices.parse(NumericMapping.class, NUMERIC_MAPPING, getString(NUMERIC_MAPPING));
    }

    public NumericSpecialValues numericSpecialValues() {
        return Choices.parse(NumericSpecialValues.class, NUMERIC_SPECIAL_VALUES, getString(NUMERIC_SPECIAL_VALUES));
    }

    public boolean validateNonNull() {
        return getBoolean(VALIDATE_NON_NULL);
    }

    public KeyMode keyMode() {
        return Choices.parse(KeyMode.class, KEY_MODE, getString(KEY_MODE));
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    public int pollIntervalMs() {
        return getInt(POLL_INTERVAL_MS);
    }

    public int batchMaxRows() {
        return getInt(BATCH_MAX_ROWS);
    }

    public int fetchSize() {
        return getInt(FETCH_SIZE);
    }

    public int maxUnacknowledgedRecords() {
        return getInt(MAX_UNACKNOWLEDGED_RECORDS);
    }

    /** A JDBC URL: starts with jdbc:, has a subprotocol. */
    static final class JdbcUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = value == null ? "" : value.toString().trim();
            if (!url.matches("(?i)jdbc:[a-z0-9]+:.+")) {
                // the URL may carry a password parameter, so it is not echoed
                throw new ConfigException(name + " must be a JDBC URL such as jdbc:postgresql://host:5432/database");
            }
        }

        @Override
        public String toString() {
            return "jdbc:<subprotocol>:<details>";
        }
    }

    /** Empty, or a name Kafka takes for a topic. */
    static final class TopicOrEmpty implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String topic = value == null ? "" : value.toString().trim();
            if (!topic.isEmpty() && (!topic.matches("[a-zA-Z0-9._-]{1,249}") || topic.equals(".")
                    || topic.equals(".."))) {
                throw new ConfigException(name, value, "must be empty or a topic name: up to 249 letters, digits, "
                        + "'.', '_' and '-'");
            }
        }

        @Override
        public String toString() {
            return "empty, or a topic name";
        }
    }

    static final class NonBlank implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must not be empty");
            }
        }

        @Override
        public String toString() {
            return "non-empty string";
        }
    }

}
