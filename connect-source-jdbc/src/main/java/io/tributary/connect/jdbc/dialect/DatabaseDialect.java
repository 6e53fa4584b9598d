package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.TableId;
import io.tributary.connect.jdbc.schema.ColumnTypeMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where SQL differences between databases live. The connector, task and queriers speak only to this;
 * {@link DatabaseDialects} picks the implementation for a JDBC URL.
 */
public interface DatabaseDialect {

    /** A short name for logs, e.g. PostgreSQL. */
    String name();

    /** True when this dialect is meant for the URL; the generic dialect takes what none claims. */
    boolean handles(String jdbcUrl);

    /** An identifier, always quoted, so names with capitals, spaces or quotes stay exact. */
    String quote(String identifier);

    default String quote(TableId table) {
        return table.schema() == null || table.schema().isEmpty()
                ? quote(table.table())
                : quote(table.schema()) + "." + quote(table.table());
    }

    /** Extra driver properties, such as a recognisable application name. */
    Map<String, String> connectionProperties();

    /** Session settings applied right after connecting. */
    void prepareSession(Connection connection) throws SQLException;

    /** Tables visible to the user, of the given types, in schemas matching the JDBC pattern (null: all). */
    List<SourceTable> listTables(Connection connection, String schemaPattern, List<String> types) throws SQLException;

    /** The primary key's column names in key order; empty when the table has none. */
    List<String> primaryKey(Connection connection, TableId table) throws SQLException;

    /** The lowest and highest value of an integer column, e.g. a key to cut into ranges; EMPTY for no rows. */
    KeyBounds keyBounds(Connection connection, TableId table, String column) throws SQLException;

    /**
     * Values of an integer column from a sample spread over the whole table, in ascending order, so that key
     * ranges can be cut where they hold about as many rows each; empty where the database offers no sample
     * cheaper than reading the table (the ranges are then of equal width).
     */
    long[] keySample(Connection connection, TableId table, String column) throws SQLException;

    /**
     * The highest value of an integer column in a FROM item ({@code fromSql}, quoted and aliased as the queriers
     * use it); null when it has no rows.
     */
    Long highestValue(Connection connection, String column, String fromSql) throws SQLException;

    /** The columns of a table, in table order. */
    List<ColumnInfo> columns(Connection connection, TableId table) throws SQLException;

    /** The columns a query yields, in order, without running it to completion. */
    List<ColumnInfo> queryColumns(Connection connection, String query) throws SQLException;

    /** SQL type to Connect schema and value reader. */
    ColumnTypeMapper typeMapper();

    /**
     * The exclusive upper bound for the timestamp modes' next poll: now, or earlier when rows with a
     * lower timestamp may still commit. The PostgreSQL dialect holds it at the start of the oldest
     * transaction in flight.
     */
    Instant timestampUpperBound(Connection connection, boolean guardInFlight) throws SQLException;

    /** The database's current time. */
    Instant currentTime(Connection connection) throws SQLException;

    /**
     * A boolean SQL expression over the row alias that is true when the row's writer and every older
     * writer have finished, so that emitting it cannot skip a row committed later with a lower sort key.
     * Empty when the database cannot tell.
     */
    Optional<String> settledRowExpression(String rowAlias);

    /**
     * One look at the writers: the database time just after the snapshot, the start of the oldest other
     * transaction in flight (null when none), and the highest value of {@code column} visible in
     * {@code fromSql}. Empty when the database cannot tell who is in flight.
     */
    default Optional<WriterSample> sampleWriters(Connection connection, String column,
                                                 String fromSql) throws SQLException {
        return Optional.empty();
    }

    /**
     * The oldest transaction still running, as a number that only grows; empty when the database cannot tell.
     * While it stays the same, rows that {@link #settledRowExpression} called unsettled stay so, and no row
     * becomes settled that was not before.
     */
    default Optional<Long> oldestRunningTransaction(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /**
     * The first transaction that has not begun yet, on the scale of {@link #oldestRunningTransaction}: once the
     * oldest running transaction is at or past it, every transaction running now has ended. Empty when the
     * database cannot tell.
     */
    default Optional<Long> nextTransaction(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /**
     * For a warning about a table the in-flight guard holds back: who runs the oldest transaction still
     * running (a session or a prepared transaction, its database) and how to end it. Empty when the database
     * cannot tell.
     */
    default Optional<String> describeOldestRunningTransaction(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /** Whether session visibility lets the in-flight guard see every transaction (a warning otherwise). */
    default Optional<String> inFlightGuardLimitation(Connection connection) throws SQLException {
        return Optional.empty();
    }
}
