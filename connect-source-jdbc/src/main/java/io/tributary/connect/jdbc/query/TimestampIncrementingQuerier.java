package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * New and updated rows by timestamp, ties broken by the incrementing column:
 * {@code WHERE ts < bound AND ((ts = last_ts AND id > last_id) OR ts > last_ts) ORDER BY ts, id}.
 */
public final class TimestampIncrementingQuerier extends TableQuerier {

    private final TimestampColumns timestamps;
    private int incrementingPosition;

    public TimestampIncrementingQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings,
                                        SourceOffset offset) {
        super(target, dialect, settings, offset);
        this.timestamps = new TimestampColumns(settings.timestampColumns(), settings.dbTimeZone());
    }

    @Override
    protected String condition(boolean hasOffset) {
        String ts = timestamps.expression(dialect);
        String id = column(settings.incrementingColumn());
        return hasOffset
                ? ts + " < ? AND ((" + ts + " = ? AND " + id + " > ?) OR " + ts + " > ?)"
                : ts + " < ?";
    }

    @Override
    protected String ordering() {
        return timestamps.expression(dialect) + " ASC, " + column(settings.incrementingColumn()) + " ASC";
    }

    @Override
    protected void beforeExecute(Connection connection) throws SQLException {
        resolveStart(connection);
    }

    @Override
    protected void bind(Connection connection, PreparedStatement statement) throws SQLException {
        timestamps.bind(statement, 1, TimestampStart.upperBound(settings, dialect, connection));
        if (!offset.isEmpty()) {
            timestamps.bind(statement, 2, offset.timestamp());
            // an initial timestamp has no id yet: every id at that instant is new
            statement.setLong(3, offset.incrementing() == null ? Long.MIN_VALUE : offset.incrementing());
            timestamps.bind(statement, 4, offset.timestamp());
        }
    }

    @Override
    protected void locate(List<ColumnInfo> columns) {
        timestamps.locate(columns, description());
        incrementingPosition = require(columns, settings.incrementingColumn(), description());
    }

    @Override
    protected SourceOffset offsetOf(ResultSet row) throws SQLException {
        return new SourceOffset(row.getLong(incrementingPosition), timestamps.read(row));
    }

    @Override
    protected boolean waitsForOlderWriters() {
        return true;
    }
}
