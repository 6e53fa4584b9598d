package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.LoadPlan;
import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One range of a table's parallel initial load: {@code WHERE <range> [AND id > last] [AND ts < plan's bound]
 * ORDER BY id}, once. It waits until every transaction that was running when the plan was made has ended (so that
 * rows they commit in the range are seen), and is complete after its first query that reads to the end: no row
 * can enter the range later, since ids up to the plan's highest were handed out before it was made (in
 * timestamp+incrementing mode, rows with a timestamp below the plan's bound). Records carry the plan in their
 * offset beside the incrementing value.
 */
public final class LoadRangeQuerier extends TableQuerier {

    private static final Logger LOG = LoggerFactory.getLogger(LoadRangeQuerier.class);

    private final LoadPlan plan;
    private final String planText;
    private final TimestampColumns timestamps;
    private int incrementingPosition;
    private boolean writersEnded;
    private boolean saidWaiting;
    private boolean complete;
    private final LoadProgress progress = new LoadProgress();

    public LoadRangeQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings,
                            SourceOffset offset, LoadPlan plan) {
        super(target, dialect, settings, offset);
        this.plan = plan;
        this.planText = plan.encode();
        this.timestamps = plan.timestampBound() == null ? null
                : new TimestampColumns(settings.timestampColumns(), settings.dbTimeZone());
    }

    @Override
    protected boolean ready(Connection connection) throws SQLException {
        if (writersEnded) {
            return true;
        }
        writersEnded = LoadHandOver.writersEnded(plan, dialect, connection);
        if (!writersEnded && !saidWaiting) {
            saidWaiting = true;
            LOG.info("{} waits until every transaction that was running when the load was planned has ended "
                    + "(transactions below {}), so that rows they commit in the range are read", description(),
                    plan.writers());
        }
        return writersEnded;
    }

    @Override
    protected String condition(boolean hasOffset) {
        String id = column(settings.incrementingColumn());
        String condition = hasOffset ? id + " > ?" : null;
        if (timestamps != null) {
            String ts = timestamps.expression(dialect) + " < ?";
            condition = condition == null ? ts : condition + " AND " + ts;
        }
        return condition;
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
        if (timestamps != null) {
            timestamps.bind(statement, index, plan.timestampBound());
        }
    }

    @Override
    protected void locate(List<ColumnInfo> columns) {
        incrementingPosition = require(columns, settings.incrementingColumn(), description());
    }

    @Override
    protected SourceOffset offsetOf(ResultSet row) throws SQLException {
        long value = row.getLong(incrementingPosition);
        String line = progress.row(value, settings.incrementingColumn());
        if (line != null) {
            LOG.info("{}: {}", description(), line);
        }
        return new SourceOffset(value, null);
    }

    @Override
    protected Map<String, Object> offsetMap(SourceOffset recordOffset) {
        return Map.of(SourceOffset.INCREMENTING, recordOffset.incrementing(), LoadPlan.OFFSET_KEY, planText);
    }

    @Override
    protected void finished(boolean heldBack) {
        if (!heldBack) {
            complete = true;
            LOG.info("{} is read: {} rows in this run, up to {}", description(), progress.rows(),
                    offset.isEmpty() ? "(none)" : offset.incrementing());
        }
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    protected boolean waitsForOlderWriters() {
        // the plan's writers have ended before the first query; later writers cannot add rows to the range
        return false;
    }
}
