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
 * New and updated rows by timestamp: {@code WHERE ts > last AND ts < bound ORDER BY ts}. Rows that share a
 * timestamp cannot be told apart, so a record's offset moves to its timestamp only once every row of that
 * timestamp was emitted ({@link #offsetsCanTie()}): an interrupted group is read again from its start,
 * which may repeat some of its rows but never skips one. timestamp+incrementing has neither cost.
 */
public final class TimestampQuerier extends TableQuerier {

    private final TimestampColumns timestamps;

    public TimestampQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings,
                            SourceOffset offset) {
        super(target, dialect, settings, offset);
        this.timestamps = new TimestampColumns(settings.timestampColumns(), settings.dbTimeZone());
    }

    @Override
    protected String condition(boolean hasOffset) {
        String ts = timestamps.expression(dialect);
        return hasOffset ? ts + " < ? AND " + ts + " > ?" : ts + " < ?";
    }

    @Override
    protected String ordering() {
        return timestamps.expression(dialect) + " ASC";
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
        }
    }

    @Override
    protected void locate(List<ColumnInfo> columns) {
        timestamps.locate(columns, description());
    }

    @Override
    protected SourceOffset offsetOf(ResultSet row) throws SQLException {
        return new SourceOffset(null, timestamps.read(row));
    }

    @Override
    protected boolean waitsForOlderWriters() {
        return true;
    }

    @Override
    protected boolean offsetsCanTie() {
        return true;
    }
}
