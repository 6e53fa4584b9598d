package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.WriterSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * New rows by a strictly increasing integer column: {@code WHERE id > last ORDER BY id}, and on databases
 * that can tell who is writing, {@code AND id <= watermark} (see {@link IncrementingWatermark}).
 */
public final class IncrementingQuerier extends TableQuerier {

    private final IncrementingWatermark watermark = new IncrementingWatermark();
    private int incrementingPosition;
    private boolean guarded;
    private Long safeUpTo;
    /** The offset when the last query began; null before the first. */
    private SourceOffset offsetAtLastQuery;
    private Long highestIdBelowOffset;
    /** The table's highest id when the last query began, where it was looked up; null otherwise. */
    private Long newest;

    public IncrementingQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings,
                               SourceOffset offset) {
        super(target, dialect, settings, offset);
    }

    @Override
    protected void beforeExecute(Connection connection) throws SQLException {
        guarded = false;
        boolean idle = offsetAtLastQuery == null || offset.equals(offsetAtLastQuery);
        offsetAtLastQuery = offset;
        Optional<WriterSample> sample = settings.inFlightGuard()
                ? dialect.sampleWriters(connection, column(settings.incrementingColumn()), target.fromSql())
                : Optional.empty();
        if (sample.isPresent()) {
            guarded = true;
            safeUpTo = watermark.advance(sample.get());
            newest = sample.get().max();
            checkOffset(newest);
        } else if (idle && !offset.isEmpty()) {
            // a table whose ids started again below the offset looks idle: only then is the extra max() worth it
            newest = dialect.highestValue(connection, column(settings.incrementingColumn()), target.fromSql());
            checkOffset(newest);
        } else {
            newest = null; // not looked up: the last query emitted rows, so more may follow
            highestIdBelowOffset = null; // the last query emitted rows, so the table holds ids up to the offset
        }
    }

    /** An offset above every id in the table: the ids started again (TRUNCATE ... RESTART IDENTITY), or deletes. */
    private void checkOffset(Long highest) {
        highestIdBelowOffset = highest != null && !offset.isEmpty() && highest < offset.incrementing() ? highest : null;
    }

    @Override
    public double behind() {
        if (newest == null || offset.isEmpty()) {
            return Double.NaN;
        }
        return Math.max(0, newest - offset.incrementing());
    }

    @Override
    public Long highestIdBelowOffset() {
        return highestIdBelowOffset;
    }

    @Override
    protected String condition(boolean hasOffset) {
        String id = column(settings.incrementingColumn());
        String lower = hasOffset ? id + " > ?" : null;
        if (!guarded) {
            return lower;
        }
        return lower == null ? id + " <= ?" : lower + " AND " + id + " <= ?";
    }

    @Override
    protected String ordering() {
        return column(settings.incrementingColumn()) + " ASC";
    }

    @Override
    protected void bind(Connection connection, PreparedStatement statement) throws SQLException {
        int index = 1;
        if (!offset.isEmpty()) {
            statement.setLong(index++, offset.incrementing());
        }
        if (guarded) {
            // nothing is safe yet: a bound below every id returns no row
            statement.setLong(index, safeUpTo == null ? Long.MIN_VALUE : safeUpTo);
        }
    }

    @Override
    protected void locate(List<ColumnInfo> columns) {
        incrementingPosition = require(columns, settings.incrementingColumn(), description());
    }

    @Override
    protected SourceOffset offsetOf(ResultSet row) throws SQLException {
        return new SourceOffset(row.getLong(incrementingPosition), null);
    }

    @Override
    protected boolean waitsForOlderWriters() {
        // the watermark already covers every writer in flight; row versions would add nothing
        return false;
    }
}
