package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.schema.RowSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads one table or query, one mode: builds the statement, streams its result through a server-side
 * cursor in batches, and turns rows into records whose offsets are exactly those of the rows emitted.
 * A result set stays open across batches; the task polls the same querier until it is exhausted,
 * because ending the transaction would close the cursor.
 */
public abstract class TableQuerier {

    static final String SETTLED_COLUMN = "__tributary_settled";

    protected final QueryTarget target;
    protected final DatabaseDialect dialect;
    protected final QuerierSettings settings;
    protected SourceOffset offset;

    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private ResultSet results;
    private RowSchema rowSchema;
    private int settledPosition;
    private long nextPollAt;
    private long queriesRun;
    private boolean lastStopWasHeldBack;
    /**
     * While held back: the oldest transaction still running, read before the last query. As long as it runs,
     * another query would stop at the same row, so none is run.
     */
    private Long heldBackBy;
    /** A start point resolved from timestamp.initial=-1 that no record has carried yet. */
    private SourceOffset resolvedStart;
    /**
     * With {@link #offsetsCanTie()}: the row read last, not emitted yet, because its record's offset depends
     * on the row after it; and the offset that covers every row before that row's group of equal offsets.
     */
    private Struct pendingValue;
    private SourceOffset pendingOffset;
    private SourceOffset beforeGroup;
    /**
     * The stored form of the offset emitted last: the records of a group of equal offsets all carry the offset
     * before the group, one immutable map for all of them rather than one per row.
     */
    private SourceOffset mappedOffset;
    private Map<String, Object> mappedOffsetMap;
    /** What must hold before this querier's first query; null for nothing. */
    private StartCondition startCondition;

    /** A condition checked before each query until it holds once, e.g. the hand-over after an initial load. */
    @FunctionalInterface
    public interface StartCondition {
        /** Whether the querier may query now; may ask the database, and leaves no transaction open. */
        boolean holds(Connection connection) throws SQLException;
    }

    protected TableQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings, SourceOffset offset) {
        this.target = target;
        this.dialect = dialect;
        this.settings = settings;
        this.offset = offset;
    }

    /** The WHERE condition for the next statement, or null (the default) for none. */
    protected String condition(boolean hasOffset) {
        return null;
    }

    /** ORDER BY items, or null (the default) for none. */
    protected String ordering() {
        return null;
    }

    /**
     * Binds the condition's parameters; may ask the database for the current bound first. The default binds
     * nothing, as a statement without a condition needs.
     */
    protected void bind(Connection connection, PreparedStatement statement) throws SQLException {
    }

    /**
     * Whether the querier may run its next query; the default always may. A querier that may not yet returns
     * no rows from {@link #poll}, and the task asks again after the poll interval.
     */
    protected boolean ready(Connection connection) throws SQLException {
        return true;
    }

    /** A result set was read to its end ({@code heldBack} false) or stopped at an unsettled row. */
    protected void finished(boolean heldBack) {
    }

    /** The offset map a record carries; the default is the offset's stored form. */
    protected Map<String, Object> offsetMap(SourceOffset recordOffset) {
        return recordOffset.toMap();
    }

    /** Whether this querier has read all it will ever read (a range of an initial load); the task drops it then. */
    public boolean isComplete() {
        return false;
    }

    /** No query runs until {@code condition} has held once. */
    public void startWhen(StartCondition condition) {
        this.startCondition = condition;
    }

    /** Finds the offset columns in a new result shape; the default, for a querier without offsets, finds none. */
    protected void locate(List<ColumnInfo> columns) {
    }

    /** The offset after the current row; null for bulk, which has none. */
    protected abstract SourceOffset offsetOf(ResultSet row) throws SQLException;

    /** Whether to stop at a row whose writer is not older than every transaction still running. */
    protected abstract boolean waitsForOlderWriters();

    /**
     * Whether several rows can share one offset (plain timestamp mode: rows with the same timestamp). Then
     * a record carries its row's offset only once the row after it is known to have a different one (or
     * the result set ended); until its group is complete, it carries the offset before the group. A
     * restart, a lost connection or a stop at an unsettled row thus re-reads an unfinished group (some
     * rows again) instead of resuming after its timestamp and skipping the rest of it.
     */
    protected boolean offsetsCanTie() {
        return false;
    }

    public String description() {
        return target.description();
    }

    public Map<String, Object> partition() {
        return target.partition();
    }

    public SourceOffset offset() {
        return offset;
    }

    public long nextPollAt() {
        return nextPollAt;
    }

    public void scheduleAt(long millis) {
        nextPollAt = millis;
    }

    public boolean isQuerying() {
        return results != null;
    }

    /**
     * Whether the last query ended at a row whose writer had older transactions still in flight, or was not run
     * because the oldest of them still runs.
     */
    public boolean lastStopWasHeldBack() {
        return lastStopWasHeldBack;
    }

    /**
     * The start point that timestamp.initial=-1 resolved to, once, if no record has carried it yet: the task
     * hands it to the worker in a record of its own so that a restart before the first row starts there again.
     */
    public SourceOffset takeResolvedStart() {
        SourceOffset start = resolvedStart;
        resolvedStart = null;
        return start;
    }

    /**
     * The table's highest id when the last look found it below the stored offset (ids that started again, or the
     * newest rows deleted); null otherwise, and in modes without an incrementing offset.
     */
    public Long highestIdBelowOffset() {
        return null;
    }

    /** How many statements this querier has run; a poll that runs none was held back or continued a cursor. */
    public long queriesRun() {
        return queriesRun;
    }

    /**
     * How far the rows emitted are behind the newest the table held when the last query began, in the offset's
     * unit (seconds in the timestamp modes, ids in incrementing mode); 0 once a query read up to its bound; NaN
     * where the querier cannot tell (bulk; incrementing without the in-flight guard before the table looked idle).
     */
    public double behind() {
        return Double.NaN;
    }

    /** Up to {@code maxRows} records; fewer when the result set ended. */
    public List<SourceRecord> poll(Connection connection, int maxRows) throws SQLException {
        if (results == null) {
            if (!mayStart(connection) || stillHeldBack(connection)) {
                return new ArrayList<>(0);
            }
            execute(connection, maxRows);
        }
        boolean ties = offsetsCanTie();
        List<SourceRecord> records = new ArrayList<>(Math.min(maxRows, 4096));
        // where the rows of the pending group begin among this call's records (earlier calls' are handed over)
        int groupStart = 0;
        while (records.size() < maxRows) {
            if (!results.next()) {
                if (pendingValue != null) {
                    emit(records, pendingValue, pendingOffset); // the result set ended: its group is complete
                    pendingValue = null;
                }
                finish(connection, false);
                break;
            }
            if (settledPosition > 0 && !results.getBoolean(settledPosition)) {
                // this row and every later one wait: an older writer may still commit a row before it
                if (pendingValue != null) {
                    if (!offsetOf(results).equals(pendingOffset)) {
                        emit(records, pendingValue, pendingOffset); // this row begins a new group: its own is whole
                    } else {
                        // the group goes on past this row: it is read again, whole, once the row is settled. Had
                        // its rows gone out now, they would go out again with every query until then
                        records.subList(groupStart, records.size()).clear();
                        offset = beforeGroup;
                    }
                    pendingValue = null;
                }
                finish(connection, true);
                break;
            }
            Struct value = rowSchema.readValue(results);
            SourceOffset next = offsetOf(results);
            if (!ties || next == null) {
                emit(records, value, next);
                continue;
            }
            if (pendingValue == null) {
                groupStart = records.size();
            } else if (next.equals(pendingOffset)) {
                emit(records, pendingValue, beforeGroup);
            } else {
                emit(records, pendingValue, pendingOffset);
                beforeGroup = pendingOffset;
                groupStart = records.size();
            }
            pendingValue = value;
            pendingOffset = next;
        }
        return records;
    }

    private boolean mayStart(Connection connection) throws SQLException {
        if (startCondition != null) {
            if (!startCondition.holds(connection)) {
                return false;
            }
            startCondition = null;
        }
        return ready(connection);
    }

    private void emit(List<SourceRecord> records, Struct value, SourceOffset recordOffset) {
        records.add(new SourceRecord(target.partition(), storedForm(recordOffset), target.topic(), null,
                rowSchema.keySchema(), rowSchema.key(value), rowSchema.valueSchema(), value));
        if (recordOffset != null) {
            offset = recordOffset;
        }
    }

    private Map<String, Object> storedForm(SourceOffset recordOffset) {
        if (recordOffset == null) {
            return null;
        }
        if (recordOffset != mappedOffset) {
            mappedOffset = recordOffset;
            mappedOffsetMap = offsetMap(recordOffset);
        }
        return mappedOffsetMap;
    }

    /** Runs before each statement is built; the timestamp modes settle their starting point here. */
    protected void beforeExecute(Connection connection) throws SQLException {
    }

    /** Without an offset: timestamp.initial as the offset, remembered for the task when it means "now". */
    protected final void resolveStart(Connection connection) throws SQLException {
        if (!offset.isEmpty()) {
            return;
        }
        offset = TimestampStart.resolve(offset, settings, dialect, connection);
        if (TimestampStart.isNow(settings)) {
            resolvedStart = offset;
        }
    }

    /**
     * After a query held back at an unsettled row: whether the oldest transaction still running is the one that
     * ran before that query. Then no row became settled since, and another query would stop where it did; it
     * would only cost the database a scan.
     */
    private boolean stillHeldBack(Connection connection) throws SQLException {
        if (!lastStopWasHeldBack) {
            return false;
        }
        Long oldest = dialect.oldestRunningTransaction(connection).orElse(null);
        if (oldest != null && oldest.equals(heldBackBy)) {
            connection.commit();
            return true;
        }
        heldBackBy = oldest;
        return false;
    }

    /**
     * Runs the query. Its first round trip fetches at most one batch ({@code maxRows}), the later ones
     * {@code fetch.size} rows each: the first records of a query go out as soon as one batch has arrived, not
     * after a whole fetch (with the defaults 1,000 rows instead of 10,000; psql fetched 10,000 rows of the
     * benchmark's 10-column table in 16 ms and 1,000 in 2 ms), while a long result still comes in big round trips.
     */
    private void execute(Connection connection, int maxRows) throws SQLException {
        beforeExecute(connection);
        pendingValue = null;
        beforeGroup = offset;
        Optional<String> settled = settings.inFlightGuard() && target.rowVersions() && waitsForOlderWriters()
                ? dialect.settledRowExpression(dialect.quote(QueryTarget.ROW_ALIAS))
                : Optional.empty();
        String sql = sql(settled, !offset.isEmpty());
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        int firstFetch = Math.min(settings.fetchSize(), Math.max(1, maxRows));
        statement.setFetchSize(firstFetch);
        bind(connection, statement);
        results = statement.executeQuery();
        if (firstFetch < settings.fetchSize()) {
            results.setFetchSize(settings.fetchSize()); // the driver fetches the rest with the result set's size
        }
        queriesRun++;
        List<ColumnInfo> columns = ColumnInfo.describe(results.getMetaData());
        int hidden = settled.isPresent() ? 1 : 0;
        if (rowSchema == null || !rowSchema.columns().equals(columns)) {
            rowSchema = RowSchema.of(columns, hidden, target.schemaName(), target.description(),
                    settings.keys() ? target.keyColumns() : List.of(), dialect.typeMapper(), settings.mappingOptions());
            locate(columns.subList(0, columns.size() - hidden));
        }
        settledPosition = settled.isPresent() ? columns.size() : 0;
    }

    String sql(Optional<String> settled, boolean hasOffset) {
        StringBuilder sql = new StringBuilder("SELECT ").append(dialect.quote(QueryTarget.ROW_ALIAS)).append(".*");
        settled.ifPresent(expression -> sql.append(", ").append(expression)
                .append(" AS ").append(dialect.quote(SETTLED_COLUMN)));
        sql.append(" FROM ").append(target.fromSql());
        String condition = condition(hasOffset);
        if (target.rowFilter() != null) {
            condition = condition == null ? target.rowFilter() : target.rowFilter() + " AND (" + condition + ")";
        }
        if (condition != null) {
            sql.append(" WHERE ").append(condition);
        }
        String ordering = ordering();
        if (ordering != null) {
            sql.append(" ORDER BY ").append(ordering);
        }
        if (!settings.querySuffix().isEmpty()) {
            sql.append(' ').append(settings.querySuffix());
        }
        return sql.toString();
    }

    private void finish(Connection connection, boolean heldBack) throws SQLException {
        lastStopWasHeldBack = heldBack;
        if (!heldBack) {
            heldBackBy = null;
        }
        ResultSet done = results;
        results = null;
        done.close();
        // ends the read transaction: the cursor's snapshot is released and the next poll sees new commits
        connection.commit();
        finished(heldBack);
    }

    /** After a lost connection: forget statements and cursor; the offset of the last emitted row stays. */
    public void reset() {
        results = null;
        pendingValue = null; // not emitted; the next query reads it again
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection is gone; nothing to release
            }
        }
        statements.clear();
    }

    /** A column's quoted name. */
    protected String column(String name) {
        return dialect.quote(name);
    }

    protected static int require(List<ColumnInfo> columns, String name, String description) {
        int position = ColumnInfo.position(columns, name);
        if (position == 0) {
            throw new org.apache.kafka.connect.errors.ConnectException("The " + description + " has no column '" + name
                    + "' that the mode needs");
        }
        return position;
    }
}
