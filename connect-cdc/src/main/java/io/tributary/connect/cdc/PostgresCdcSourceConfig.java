package io.tributary.connect.cdc;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.jdbc.JdbcConnectionConfig;
import io.tributary.connect.common.jdbc.JdbcConnectionSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The curated configuration of {@link PostgresCdcSourceConnector}: the few keys a legacy-modernisation
 * pipeline needs, with safe defaults. Everything else Debezium offers goes under {@code debezium.*}.
 */
public final class PostgresCdcSourceConfig extends AbstractConfig {

    public static final String HOSTNAME = "database.hostname";
    public static final String PORT = "database.port";
    public static final String USER = "database.user";
    public static final String PASSWORD = "database.password";
    public static final String DBNAME = "database.dbname";
    public static final String CONNECTION_URL = "connection.url";
    public static final String TABLE_INCLUDE_LIST = "table.include.list";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String SNAPSHOT_MODE = "snapshot.mode";
    public static final String OUTPUT = "output";
    public static final String UNCHANGED_TOAST_HANDLING = "unchanged.toast.handling";
    /** The header every change record carries: the LSN of its change, for versioned writes downstream. */
    public static final String LSN_HEADER = "__source_lsn";
    public static final String SLOT_NAME = "slot.name";
    public static final String PUBLICATION_NAME = "publication.name";
    public static final String SLOT_DROP_ON_DELETE = "slot.drop.on.delete";
    public static final String SLOT_LAG_INTERVAL_MS = "slot.lag.log.interval.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String HEARTBEAT_TABLE = "heartbeat.table";
    public static final String SIGNAL_TABLE = "signal.table";
    public static final String SNAPSHOT_NEW_TABLES = "snapshot.new.tables";
    public static final String START_RETRY_TIMEOUT_MS = "database.start.retry.timeout.ms";
    public static final String START_RETRY_BACKOFF_MAX_MS = "database.start.retry.backoff.max.ms";
    public static final String DECIMAL_HANDLING_MODE = "decimal.handling.mode";
    /** Debezium's name of {@code database.tcp.keepalive}. */
    static final String DEBEZIUM_TCP_KEEPALIVE = "database.tcpKeepAlive";
    /** Keys under this prefix go to Debezium with the prefix removed. */
    public static final String DEBEZIUM_PREFIX = "debezium.";

    public static final String OUTPUT_ENVELOPE = "envelope";
    public static final String OUTPUT_ROW = "row";

    /** What the connector writes for each change. */
    public enum Output implements ConfigChoice {
        ENVELOPE(OUTPUT_ENVELOPE),
        ROW(OUTPUT_ROW);

        private final String configValue;

        Output(String configValue) {
            this.configValue = configValue;
        }

        @Override
        public String configValue() {
            return configValue;
        }
    }

    /** When the existing rows are copied. */
    public enum SnapshotMode implements ConfigChoice {
        INITIAL,
        NEVER,
        ALWAYS,
        INITIAL_ONLY,
        WHEN_NEEDED;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** What an update that left a TOASTed value unchanged, which PostgreSQL then does not send, becomes. */
    public enum UnchangedToastHandling implements ConfigChoice {
        OMIT,
        FAIL;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** What happens to the rows a table holds when it is added to a running connector's table.include.list. */
    public enum SnapshotNewTables implements ConfigChoice {
        INCREMENTAL,
        OFF;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** How NUMERIC and DECIMAL values are written. */
    public enum DecimalHandling implements ConfigChoice {
        STRING,
        PRECISE;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    private static final ConfigDef.Validator SLOT_LIKE_NAME = Validators.text("empty, or [a-z0-9_]{1,63}", true,
            SlotNames::isValid, "use 1 to 63 lower-case letters, digits and '_' (PostgreSQL's rule for slot names)");
    private static final ConfigDef.Validator HEARTBEAT_TABLE_NAME = Validators.text("empty, or schema.table", true,
            text -> text.isBlank() || HeartbeatTable.parse(text).isPresent(), "give schema.table, each 1 to 63 "
                    + "lower-case letters, digits and '_' starting with a letter or '_', or leave it empty");
    private static final ConfigDef.Validator SIGNAL_TABLE_NAME = Validators.text("auto, empty, or schema.table", true,
            SignalTable::isValid, "give auto, schema.table (each 1 to 63 lower-case letters, digits and '_' starting "
                    + "with a letter or '_'), or leave it empty to turn signals off");
    private static final String GROUP_DATABASE = "Database";
    private static final String GROUP_CAPTURE = "Capture";
    private static final String GROUP_SLOT = "Replication slot";

    /** Prefix of the shared connection keys (timeouts, keep-alive, TLS): Debezium's own names for TLS. */
    public static final String DATABASE_PREFIX = "database.";

    // the shared connection keys follow the password; their socket timeout bounds the plugin's own short
    // queries (checks, slot lag), not Debezium's replication stream
    public static final ConfigDef CONFIG_DEF = JdbcConnectionConfig.define(new ConfigDef()
            .define(HOSTNAME, Type.STRING, null, Importance.HIGH,
                    "Host name or IP address of the PostgreSQL server. Give either this with "
                            + DBNAME + " (and " + PORT + ") or " + CONNECTION_URL + ".",
                    GROUP_DATABASE, 1, ConfigDef.Width.MEDIUM, "Host")
            .define(PORT, Type.INT, 5432, ConfigDef.Range.between(1, 65535), Importance.MEDIUM,
                    "Port of the PostgreSQL server.", GROUP_DATABASE, 2, ConfigDef.Width.SHORT, "Port")
            .define(DBNAME, Type.STRING, null, Importance.HIGH,
                    "Name of the database whose changes are captured.", GROUP_DATABASE, 3, ConfigDef.Width.MEDIUM,
                    "Database")
            .define(CONNECTION_URL, Type.STRING, null, Importance.HIGH,
                    "Alternative to " + HOSTNAME + "/" + PORT + "/" + DBNAME + ": a JDBC URL of the form "
                            + "jdbc:postgresql://host[:port]/database, without parameters (TLS and timeouts have "
                            + "keys of their own, database.sslmode and so on; other driver options go under "
                            + "debezium.database.*).",
                    GROUP_DATABASE, 4, ConfigDef.Width.LONG, "JDBC URL")
            .define(USER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Database user. It needs the REPLICATION attribute (or superuser), SELECT on the captured "
                            + "tables and, unless the publication exists, ownership of them to create it.",
                    GROUP_DATABASE, 5, ConfigDef.Width.MEDIUM, "User")
            .define(PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                    "Password of the database user. Never logged nor echoed in errors.",
                    GROUP_DATABASE, 6, ConfigDef.Width.MEDIUM, "Password")
            .define(START_RETRY_TIMEOUT_MS, Type.LONG, 900_000L, ConfigDef.Range.atLeast(0L), Importance.LOW,
                    "How long the connector and its task keep trying to reach PostgreSQL when they start and it "
                            + "does not answer (down, restarting, unreachable), in milliseconds. They stay RUNNING "
                            + "meanwhile, log each failed attempt with the reason, retry with exponential backoff and "
                            + "jitter, and start streaming once it answers; after this long the task fails with the "
                            + "reason. A config problem (a wrong password, a missing table) fails at once. 0: fail at "
                            + "once also when the database does not answer.",
                    GROUP_DATABASE, 7, ConfigDef.Width.SHORT, "Start retry timeout (ms)")
            .define(START_RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(100L), Importance.LOW,
                    "Longest wait between two attempts to reach PostgreSQL at start, in milliseconds; the first "
                            + "wait is 1 s (or this, if shorter) and each next one doubles.",
                    GROUP_DATABASE, 8, ConfigDef.Width.SHORT, "Start retry backoff (ms)"),
                    DATABASE_PREFIX, GROUP_DATABASE, 9, 30_000L)
            .define(TABLE_INCLUDE_LIST, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    Validators.nonEmptyList("table as schema.table"), Importance.HIGH,
                    "Tables to capture, as comma-separated schema.table regular expressions (for example "
                            + "public.orders,public.order_.*). Each must match at least one table that has a primary "
                            + "key or REPLICA IDENTITY FULL. The publication contains exactly these tables.",
                    GROUP_CAPTURE, 1, ConfigDef.Width.LONG, "Tables")
            .define(TOPIC_PREFIX, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.text("[a-zA-Z0-9._-]+", false,
                    text -> text.matches("[a-zA-Z0-9._-]{1,200}"),
                    "use letters, digits, '.', '_' and '-' only (a topic name part)"), Importance.HIGH,
                    "Prefix of the change topics: changes of schema.table go to <prefix>.<schema>.<table>.",
                    GROUP_CAPTURE, 2, ConfigDef.Width.MEDIUM, "Topic prefix")
            .define(SNAPSHOT_MODE, Type.STRING, "initial", Choices.validator(SnapshotMode.class),
                    Importance.MEDIUM,
                    "initial: copy the tables once, then stream changes. never: stream changes only. always: copy "
                            + "the tables at every start, then stream. initial_only: copy the tables once and stop. "
                            + "when_needed: like initial, and copy the tables again at a start where the stored "
                            + "position can no longer be streamed from (the slot was lost or dropped), instead of "
                            + "failing.",
                    GROUP_CAPTURE, 3, ConfigDef.Width.SHORT, "Snapshot")
            .define(OUTPUT, Type.STRING, OUTPUT_ENVELOPE, Choices.validator(Output.class),
                    Importance.HIGH,
                    "envelope: Debezium's change event (before, after, op, source, ts_ms). row: the row as it is "
                            + "after the change, a tombstone for a delete; a large (TOASTed) column that an update did "
                            + "not change is left out, so a downstream upsert keeps the value it has.",
                    GROUP_CAPTURE, 4, ConfigDef.Width.SHORT, "Output")
            .define(UNCHANGED_TOAST_HANDLING, Type.STRING, "omit", Choices.validator(UnchangedToastHandling.class),
                    Importance.MEDIUM,
                    "An update that leaves a large (TOASTed) value unchanged does not carry it in the WAL unless the "
                            + "table has REPLICA IDENTITY FULL; Debezium writes a placeholder instead. omit: the row "
                            + "output leaves the column out (an upsert downstream keeps the value it has), and the "
                            + "connector logs each captured table this can happen to at start. fail: every record "
                            + "holds the complete row, as a compacted topic that rebuilds indices needs: validation "
                            + "refuses a captured table with such columns and no REPLICA IDENTITY FULL, and a row "
                            + "that arrives without a value anyway (the table's identity changed later) fails the "
                            + "task instead of being written incomplete.",
                    GROUP_CAPTURE, 8, ConfigDef.Width.SHORT, "Unchanged TOAST values")
            .define(HEARTBEAT_INTERVAL_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1_000), Importance.MEDIUM,
                    "How often the connector beats: it writes its row of " + HEARTBEAT_TABLE + " and a record to "
                            + "__debezium-heartbeat.<prefix>. The row's change reaches the connector through its "
                            + "publication, so the slot's position advances, and PostgreSQL can recycle WAL, even "
                            + "while the captured tables are idle and others are written.",
                    GROUP_CAPTURE, 5, ConfigDef.Width.SHORT, "Heartbeat")
            .define(HEARTBEAT_TABLE, Type.STRING, HeartbeatTable.DEFAULT, HEARTBEAT_TABLE_NAME, Importance.MEDIUM,
                    "Table, as schema.table, that the connector's publication includes and the connector writes one "
                            + "row of (keyed by its slot name) at every heartbeat. PostgreSQL sends a slot nothing for "
                            + "transactions that touch no published table, so without it a connector whose tables are "
                            + "idle cannot confirm a newer position and its slot keeps all WAL written to other tables "
                            + "meanwhile. The connector creates the schema and the table when they are missing (the "
                            + "user needs CREATE on the database, as creating the publication does, or on the schema "
                            + "if it exists); otherwise the user needs USAGE on the schema, SELECT, INSERT and UPDATE "
                            + "on the table, and to own it unless the publication exists. Its changes are not written "
                            + "to any topic. Empty: no heartbeat writes (then debezium.heartbeat.action.query may be "
                            + "given instead).",
                    GROUP_CAPTURE, 6, ConfigDef.Width.MEDIUM, "Heartbeat table")
            .define(SIGNAL_TABLE, Type.STRING, SignalTable.AUTO, SIGNAL_TABLE_NAME, Importance.MEDIUM,
                    "The connector's signal table, in its publication: a row inserted into it is a command to "
                            + "Debezium, e.g. (id, type, data) = ('s1', 'execute-snapshot', '{\"data-collections\": "
                            + "[\"public.orders\"], \"type\": \"incremental\"}') snapshots public.orders again in "
                            + "chunks while streaming on. auto: " + SignalTable.SCHEMA + ".<slot name>" + "_signals, "
                            + "one per connector (every connector capturing a signal table obeys its rows), created "
                            + "by the task like the heartbeat table (the user needs SELECT and INSERT on it; Debezium "
                            + "writes its snapshot watermarks there). A schema.table names another. Empty: no signals, "
                            + "and no back-fill of added tables.",
                    GROUP_CAPTURE, 9, ConfigDef.Width.MEDIUM, "Signal table")
            .define(SNAPSHOT_NEW_TABLES, Type.STRING, "incremental", Choices.validator(SnapshotNewTables.class),
                    Importance.MEDIUM,
                    "incremental: when a restart finds tables in " + TABLE_INCLUDE_LIST + " that the connector's "
                            + "publication does not hold yet (they were added to the config), the task signals an "
                            + "incremental snapshot of them before streaming, so their existing rows are back-filled "
                            + "while changes keep flowing; needs " + SIGNAL_TABLE + ". Not with snapshot.mode never or "
                            + "always. off: added tables stream their changes from now on only.",
                    GROUP_CAPTURE, 10, ConfigDef.Width.SHORT, "Back-fill added tables")
            .define(DECIMAL_HANDLING_MODE, Type.STRING, "string", Choices.validator(DecimalHandling.class),
                    Importance.MEDIUM,
                    "How numeric/decimal columns are written, exactly in both cases: string (\"1234.50\") or "
                            + "precise (Connect Decimal). Lossy doubles are not offered.",
                    GROUP_CAPTURE, 7, ConfigDef.Width.SHORT, "Decimals")
            .define(SLOT_NAME, Type.STRING, "", SLOT_LIKE_NAME, Importance.MEDIUM,
                    "Replication slot of this connector. Empty: derived from the connector name, so two connectors "
                            + "never share a slot by accident.",
                    GROUP_SLOT, 1, ConfigDef.Width.MEDIUM, "Slot")
            .define(PUBLICATION_NAME, Type.STRING, "", SLOT_LIKE_NAME, Importance.MEDIUM,
                    "Publication of this connector, limited to the captured tables. Empty: derived from the "
                            + "connector name.",
                    GROUP_SLOT, 2, ConfigDef.Width.MEDIUM, "Publication")
            .define(SLOT_DROP_ON_DELETE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether the slot and the publication are dropped when the pipeline is retired: when its "
                            + "offsets are deleted through Connect (DELETE /connectors/<name>/offsets, which Connect "
                            + "allows on a stopped connector) before the connector is deleted. A stop, pause, restart "
                            + "or rebalance never drops them.",
                    GROUP_SLOT, 3, ConfigDef.Width.SHORT, "Drop slot on delete")
            .define(SLOT_LAG_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1_000L), Importance.LOW,
                    "How often the slot's lag (bytes of WAL it retains) is measured, logged and published as the "
                            + "metric slot-retained-wal-bytes (JMX kafka.connect:type=plugins,connector=<name>).",
                    GROUP_SLOT, 4, ConfigDef.Width.SHORT, "Lag interval");

    /** Debezium's names of the curated keys: passing them under {@code debezium.*} would bypass our checks. */
    static final Set<String> RESERVED_DEBEZIUM_KEYS = Set.of("name", "connector.class", HOSTNAME, PORT, USER,
            PASSWORD, DBNAME, TOPIC_PREFIX, TABLE_INCLUDE_LIST, SNAPSHOT_MODE, SLOT_NAME, PUBLICATION_NAME,
            HEARTBEAT_INTERVAL_MS, DECIMAL_HANDLING_MODE, "slot.drop.on.stop",
            DATABASE_PREFIX + JdbcConnectionConfig.SSLMODE, DATABASE_PREFIX + JdbcConnectionConfig.SSLROOTCERT,
            DATABASE_PREFIX + JdbcConnectionConfig.SSLCERT, DATABASE_PREFIX + JdbcConnectionConfig.SSLKEY,
            DATABASE_PREFIX + JdbcConnectionConfig.SSLPASSWORD, DEBEZIUM_TCP_KEEPALIVE);

    public PostgresCdcSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
    }

    public JdbcConnectionSettings connectionSettings() {
        return JdbcConnectionConfig.settings(this, DATABASE_PREFIX);
    }

    /** The output's config value, in the documented spelling whatever case the user wrote. */
    public String output() {
        return Choices.parse(Output.class, OUTPUT, getString(OUTPUT)).configValue();
    }

    /** The snapshot mode's config value, in the documented spelling. */
    public String snapshotMode() {
        return Choices.parse(SnapshotMode.class, SNAPSHOT_MODE, getString(SNAPSHOT_MODE)).configValue();
    }

    /** Whether a row without an unchanged TOASTed value is refused rather than written without the column. */
    public boolean requireCompleteRows() {
        return Choices.parse(UnchangedToastHandling.class, UNCHANGED_TOAST_HANDLING,
                getString(UNCHANGED_TOAST_HANDLING)) == UnchangedToastHandling.FAIL;
    }

    /** The decimal handling's config value, in the documented spelling. */
    public String decimalHandlingMode() {
        return Choices.parse(DecimalHandling.class, DECIMAL_HANDLING_MODE, getString(DECIMAL_HANDLING_MODE))
                .configValue();
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    public List<String> tableIncludeList() {
        return getList(TABLE_INCLUDE_LIST);
    }

    public boolean slotDropOnDelete() {
        return getBoolean(SLOT_DROP_ON_DELETE);
    }

    public long slotLagIntervalMs() {
        return getLong(SLOT_LAG_INTERVAL_MS);
    }

    /** The heartbeat table, or empty when heartbeat writes are off. */
    /** The signal table of a connector whose slot has this name; empty when signals are off. */
    public java.util.Optional<SignalTable> signalTable(String slotName) {
        return SignalTable.of(getString(SIGNAL_TABLE), slotName);
    }

    /** Whether tables added to table.include.list get their existing rows by an incremental snapshot. */
    public boolean backfillsNewTables() {
        return Choices.parse(SnapshotNewTables.class, SNAPSHOT_NEW_TABLES, getString(SNAPSHOT_NEW_TABLES))
                == SnapshotNewTables.INCREMENTAL;
    }

    public java.util.Optional<HeartbeatTable> heartbeatTable() {
        return HeartbeatTable.parse(getString(HEARTBEAT_TABLE));
    }

    public long startRetryTimeoutMs() {
        return getLong(START_RETRY_TIMEOUT_MS);
    }

    public long startRetryBackoffMaxMs() {
        return getLong(START_RETRY_BACKOFF_MAX_MS);
    }

    public String password() {
        Password password = getPassword(PASSWORD);
        return password == null ? null : password.value();
    }

    /** The {@code debezium.*} keys with the prefix removed. */
    public Map<String, String> debeziumPassthrough() {
        Map<String, Object> raw = originalsWithPrefix(DEBEZIUM_PREFIX);
        Map<String, String> out = new java.util.TreeMap<>();
        raw.forEach((key, value) -> out.put(key, value == null ? null : value.toString()));
        return out;
    }
}
