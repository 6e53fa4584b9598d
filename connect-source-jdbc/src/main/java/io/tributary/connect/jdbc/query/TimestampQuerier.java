package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * New and updated rows by timestamp, in two modes.
 * <ul>
 *   <li>timestamp: {@code WHERE ts < bound AND ts > last ORDER BY ts}. Rows that share a timestamp cannot be
 *   told apart, so a record's offset moves to its timestamp only once every row of that timestamp was emitted
 *   ({@link #offsetsCanTie()}): an interrupted group is read again from its start, which may repeat some of its
 *   rows but never skips one.</li>
 *   <li>timestamp+incrementing ({@link #withIncrementing}): ties broken by the incrementing column,
 *   {@code WHERE ts < bound AND ((ts = last_ts AND id > last_id) OR ts > last_ts) ORDER BY ts, id}, which has
 *   neither cost.</li>
 * </ul>
 */
public final class TimestampQuerier extends TableQuerier {

    private final TimestampColumns timestamps;
    /** The tie-breaking column, or null in timestamp mode. */
    private final String incrementingColumn;
    private int incrementingPosition;
    /** The upper bound of the last query: every row older than it was there to read. */
    private Instant bound;

    /** A querier of timestamp mode. */
    public TimestampQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings,
                            SourceOffset offset) {
        this(target, dialect, settings, offset, null);
    }

    private TimestampQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings,
                             SourceOffset offset, String incrementingColumn) {
        super(target, dialect, settings, offset);
        this.timestamps = new TimestampColumns(settings.timestampColumns(), settings.dbTimeZone());
        this.incrementingColumn = incrementingColumn;
    }

    /** A querier of timestamp+incrementing mode: ties broken by the settings' incrementing column. */
    public static TimestampQuerier withIncrementing(QueryTarget target, DatabaseDialect dialect,
                                                    QuerierSettings settings, SourceOffset offset) {
        return new TimestampQuerier(target, dialect, settings, offset, settings.incrementingColumn());
    }

    @Override
    protected String condition(boolean hasOffset) {
        String ts = timestamps.expression(dialect);
        if (!hasOffset) {
            return ts + " < ?";
        }
        if (incrementingColumn == null) {
            return ts + " < ? AND " + ts + " > ?";
        }
        String id = column(incrementingColumn);
        return ts + " < ? AND ((" + ts + " = ? AND " + id + " > ?) OR " + ts + " > ?)";
    }

    @Override
    protected String ordering() {
        String byTimestamp = timestamps.expression(dialect) + " ASC";
        return incrementingColumn == null ? byTimestamp : byTimestamp + ", " + column(incrementingColumn) + " ASC";
    }

    @Override
    protected void beforeExecute(Connection connection) throws SQLException {
        resolveStart(connection);
    }

    @Override
    protected void bind(Connection connection, PreparedStatement statement) throws SQLException {
        bound = TimestampStart.upperBound(settings, dialect, connection);
        timestamps.bind(statement, 1, bound);
        if (offset.isEmpty()) {
            return;
        }
        timestamps.bind(statement, 2, offset.timestamp());
        if (incrementingColumn != null) {
            // an initial timestamp has no id yet: every id at that instant is new
            statement.setLong(3, offset.incrementing() == null ? Long.MIN_VALUE : offset.incrementing());
            timestamps.bind(statement, 4, offset.timestamp());
        }
    }

    @Override
    protected void locate(List<ColumnInfo> columns) {
        timestamps.locate(columns, description());
        if (incrementingColumn != null) {
            incrementingPosition = require(columns, incrementingColumn, description());
        }
    }

    @Override
    protected SourceOffset offsetOf(ResultSet row) throws SQLException {
        Long id = incrementingColumn == null ? null : row.getLong(incrementingPosition);
        return new SourceOffset(id, timestamps.read(row));
    }

    @Override
    public double behind() {
        Instant emitted = offset.timestamp();
        if (bound == null || emitted == null || emitted.equals(SourceOffset.NEGATIVE_INFINITY)) {
            return Double.NaN;
        }
        if (!isQuerying() && !lastStopWasHeldBack()) {
            return 0; // the last query read every row below its bound
        }
        return Math.max(0, bound.toEpochMilli() - emitted.toEpochMilli()) / 1000.0;
    }

    @Override
    protected boolean waitsForOlderWriters() {
        return true;
    }

    @Override
    protected boolean offsetsCanTie() {
        return incrementingColumn == null;
    }
}
