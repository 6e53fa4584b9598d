package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.TableId;
import io.tributary.connect.jdbc.schema.PostgresTypeMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL: its types, and the in-flight guard.
 *
 * <p>The guard reads the start of the oldest transaction in flight in this database from
 * {@code pg_stat_activity} (the connector's own sessions, named {@link #APPLICATION_NAME}, left out).
 * Timestamp modes stay below it, since such a transaction may still insert a row stamped with its start
 * time ({@code now()}) or later. Incrementing mode emits ids only up to the highest id that was visible
 * at a moment before that transaction began: every id drawn since is higher, and every id drawn before
 * by a transaction still open would belong to one that began earlier. Timestamp modes also stop at a row
 * whose writer's transaction id is not older than every transaction still running ({@code xmin} against
 * {@code txid_snapshot_xmin}), which covers writers that set older timestamps explicitly when they began
 * writing before the newer row's writer.
 */
public class PostgresDialect extends GenericDialect {

    /** How the connector's sessions show in pg_stat_activity. */
    public static final String APPLICATION_NAME = "tributary-jdbc-source";

    /** When the oldest transaction of another client session of this database began; null when none is open. */
    private static final String OLDEST_IN_FLIGHT = """
            SELECT min(xact_start) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
            AND backend_type = 'client backend' AND application_name <> ?""";

    private static final String UPPER_BOUND_GUARDED = "SELECT LEAST(clock_timestamp(), (" + OLDEST_IN_FLIGHT + "))";

    /*
     * The snapshot functions are the txid_* ones: PostgreSQL 13 renamed them pg_current_snapshot() and
     * pg_snapshot_xmin() (xid8) and kept these as equivalents, so one statement serves PostgreSQL 12 to 17. Both
     * give the epoch-extended 64-bit transaction id; OLDEST_XID is its 32-bit xid, as rows' xmin and
     * pg_prepared_xacts hold it.
     */
    private static final String OLDEST_XMIN = "txid_snapshot_xmin(txid_current_snapshot())";
    private static final String OLDEST_XID = "(" + OLDEST_XMIN + " % 4294967296)::text::xid";

    /** The first transaction id not assigned yet: every one below it has begun. */
    private static final String NEXT_TRANSACTION = "SELECT txid_snapshot_xmax(txid_current_snapshot())::text";

    /** Across all databases, prepared transactions included: the xid older than every running one. */
    private static final String OLDEST_RUNNING = "SELECT " + OLDEST_XMIN + "::text";

    private static final String WHO_RUNS_OLDEST = "WITH oldest AS (SELECT " + OLDEST_XID + " AS xid)\n" + """
            SELECT oldest.xid::text, p.gid, p.database, p.owner, p.prepared, a.pid, a.datname, a.usename,
            a.application_name, a.state, a.xact_start FROM oldest
            LEFT JOIN pg_prepared_xacts p ON p.transaction = oldest.xid
            LEFT JOIN pg_stat_activity a ON a.backend_xid = oldest.xid""";

    /**
     * Pages a key sample reads ({@code TABLESAMPLE SYSTEM} picks whole pages at random): enough for the quantiles
     * of up to 64 ranges, and a fraction of a second even from disk.
     */
    static final int SAMPLE_PAGES = 300;

    /**
     * A bound on the values one sample reads, whatever the rows per page (300 pages hold at most ~90,000 rows of
     * an integer column; partitions share the 300).
     */
    private static final int SAMPLE_MAX_VALUES = 500_000;

    /**
     * The kind of a relation and its pages, its partitions' and inheriting tables' included (their rows are
     * read with it, and sampled with it).
     */
    private static final String RELATION_PAGES = """
            WITH RECURSIVE tree(oid) AS (
              SELECT ?::regclass::oid
              UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid)
            SELECT (SELECT relkind FROM pg_class WHERE oid = ?::regclass)::text,
              (sum(pg_relation_size(oid)) / current_setting('block_size')::bigint)::bigint FROM tree""";

    private static final String CAN_SEE_ALL_SESSIONS = """
            SELECT rolsuper OR pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')
            FROM pg_roles WHERE rolname = current_user""";

    public PostgresDialect() {
        super(new PostgresTypeMapper());
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public boolean handles(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
    }

    @Override
    public Map<String, String> connectionProperties() {
        // prepareThreshold=-1: every statement is server-prepared and its results come in binary from the first
        // execution, not only from the fifth; numbers, dates and timestamps then decode without text parsing,
        // and a table's first poll reads values the same way as its later ones
        return Map.of("ApplicationName", APPLICATION_NAME, "prepareThreshold", "-1");
    }

    /**
     * Every transaction of the connector's sessions is read-only, whatever the user's SQL or the URL's
     * readOnlyMode: the connector only reads.
     */
    @Override
    public void prepareSession(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
    }

    @Override
    public Instant timestampUpperBound(Connection connection, boolean guardInFlight) throws SQLException {
        if (!guardInFlight) {
            return currentTime(connection);
        }
        try (PreparedStatement statement = connection.prepareStatement(UPPER_BOUND_GUARDED)) {
            statement.setString(1, APPLICATION_NAME);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    @Override
    public Instant currentTime(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    @Override
    public Optional<String> settledRowExpression(String rowAlias) {
        // age() counts back from one reference xid for both operands, so the comparison survives wraparound
        return Optional.of("(age(" + rowAlias + ".xmin) > age(" + OLDEST_XID + "))");
    }

    @Override
    public Optional<WriterSample> sampleWriters(Connection connection, String column,
                                                String fromSql) throws SQLException {
        // clock_timestamp() runs after the statement took its snapshot, so the sample time is never early
        String sql = "SELECT clock_timestamp(), (" + OLDEST_IN_FLIGHT + "), (SELECT max(" + column + ") FROM "
                + fromSql + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, APPLICATION_NAME);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
                OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                long max = rs.getLong(3);
                // wasNull() speaks of the column read last: an empty table's max(id) is null, not 0
                Long visibleMax = rs.wasNull() ? null : max;
                return Optional.of(new WriterSample(at, oldest == null ? null : oldest.toInstant(), visibleMax));
            }
        }
    }

    /**
     * About {@link #SAMPLE_PAGES} random pages of a table, partitioned table or materialized view
     * ({@code TABLESAMPLE SYSTEM}, the same pages on every call while the table is unchanged); the whole column
     * of a smaller one. Views and foreign tables cannot be sampled: empty.
     */
    @Override
    public long[] keySample(Connection connection, TableId table, String column) throws SQLException {
        String relation = quote(table);
        String kind;
        long pages;
        try (PreparedStatement statement = connection.prepareStatement(RELATION_PAGES)) {
            statement.setString(1, relation);
            statement.setString(2, relation);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                kind = rs.getString(1);
                pages = rs.getLong(2);
            }
        }
        if (!("r".equals(kind) || "p".equals(kind) || "m".equals(kind)) || pages <= 0) {
            return new long[0];
        }
        // percent of the pages; SYSTEM takes each page with this probability
        double percent = Math.min(100.0, 100.0 * SAMPLE_PAGES / pages);
        String key = quote(column);
        String sql = "SELECT " + key + " FROM " + relation + " TABLESAMPLE SYSTEM ("
                + String.format(Locale.ROOT, "%.9f", percent) + ") REPEATABLE (0) WHERE " + key + " IS NOT NULL"
                + " LIMIT " + SAMPLE_MAX_VALUES;
        long[] values = new long[1024];
        int count = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                if (count == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                values[count++] = rs.getLong(1);
            }
        }
        long[] sample = Arrays.copyOf(values, count);
        Arrays.sort(sample);
        return sample;
    }

    @Override
    public Optional<Long> oldestRunningTransaction(Connection connection) throws SQLException {
        return Optional.of(transactionId(connection, OLDEST_RUNNING));
    }

    @Override
    public Optional<Long> nextTransaction(Connection connection) throws SQLException {
        return Optional.of(transactionId(connection, NEXT_TRANSACTION));
    }

    /** The one transaction id {@code sql} selects, as text: an xid8, 64 bits that never wrap. */
    private static long transactionId(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    @Override
    public Optional<String> describeOldestRunningTransaction(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(WHO_RUNS_OLDEST)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String xid = rs.getString(1);
            String gid = rs.getString(2);
            if (gid != null) {
                String literal = "'" + gid.replace("'", "''") + "'";
                return Optional.of(String.format("the prepared transaction %s (xid %s) in database %s, owner %s, "
                        + "prepared at %s: a two-phase commit whose coordinator has not finished it. If nothing will "
                        + "finish it, end it with COMMIT PREPARED %s or ROLLBACK PREPARED %s, connected to database %s "
                        + "as %s or a superuser", literal, xid, rs.getString(3), rs.getString(4),
                        instant(rs, 5), literal, literal, rs.getString(3), rs.getString(4)));
            }
            int pid = rs.getInt(6);
            if (!rs.wasNull()) {
                return Optional.of(String.format("the transaction (xid %s) of backend pid %d in database %s (user %s, "
                        + "application '%s', %s since %s). Let it finish, or end its session with "
                        + "SELECT pg_terminate_backend(%d)", xid, pid, rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), instant(rs, 11), pid));
            }
            return Optional.of("transaction " + xid + ", which is neither a prepared transaction nor a session the "
                    + "connector's user can see in pg_stat_activity: it may have ended just now; if not, GRANT "
                    + "pg_read_all_stats TO the user to see other users' sessions");
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    @Override
    public Optional<String> inFlightGuardLimitation(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(CAN_SEE_ALL_SESSIONS)) {
            if (rs.next() && rs.getBoolean(1)) {
                return Optional.empty();
            }
        }
        return Optional.of("the user can see only its own sessions in pg_stat_activity, so the in-flight guard "
                + "misses other users' open transactions; GRANT pg_read_all_stats TO <user>");
    }
}
