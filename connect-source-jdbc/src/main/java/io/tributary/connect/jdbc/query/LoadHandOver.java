package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.LoadPlan;
import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the incremental part of a table loaded in parallel may begin: once every range of the plan is read and
 * its records are in Kafka. A range counts as read when the offset the worker stored for it (committed only
 * after Kafka acknowledged its records) leaves no row of the range behind it. Before that, the incremental part
 * would send newer versions of rows (timestamp+incrementing mode) ahead of the versions a range still sends.
 */
public final class LoadHandOver implements TableQuerier.StartCondition {

    private static final Logger LOG = LoggerFactory.getLogger(LoadHandOver.class);
    /** The stored offsets are read, and the ranges looked at, at most this often. */
    static final long CHECK_INTERVAL_MS = 1_000;

    private final String description;
    private final LoadPlan plan;
    private final List<QueryTarget> ranges;
    private final DatabaseDialect dialect;
    private final QuerierSettings settings;
    private final Function<List<Map<String, Object>>, Map<Map<String, Object>, Map<String, Object>>> storedOffsets;
    private final LongSupplier clock;
    private final TimestampColumns timestamps;
    private final TreeSet<Integer> read = new TreeSet<>();
    private long nextCheckAt;
    private boolean saidWaiting;

    /**
     * @param ranges        the plan's ranges as the tasks read them, in order
     * @param storedOffsets the worker's stored offsets of the given partitions (absent: none stored)
     */
    public LoadHandOver(String description, LoadPlan plan, List<QueryTarget> ranges, DatabaseDialect dialect,
                        QuerierSettings settings,
                        Function<List<Map<String, Object>>, Map<Map<String, Object>, Map<String, Object>>>
                                storedOffsets, LongSupplier clock) {
        this.description = description;
        this.plan = plan;
        this.ranges = List.copyOf(ranges);
        this.dialect = dialect;
        this.settings = settings;
        this.storedOffsets = storedOffsets;
        this.clock = clock;
        this.timestamps = plan.timestampBound() == null ? null
                : new TimestampColumns(settings.timestampColumns(), settings.dbTimeZone());
    }

    /** Whether every transaction that ran when {@code plan} was made has ended (true where none can tell). */
    static boolean writersEnded(LoadPlan plan, DatabaseDialect dialect, Connection connection) throws SQLException {
        if (plan.writers() == null) {
            return true;
        }
        Optional<Long> oldest = dialect.oldestRunningTransaction(connection);
        connection.commit();
        return oldest.isEmpty() || oldest.get() >= plan.writers();
    }

    @Override
    public boolean holds(Connection connection) throws SQLException {
        long now = clock.getAsLong();
        if (now < nextCheckAt) {
            return false;
        }
        nextCheckAt = now + CHECK_INTERVAL_MS;
        if (!writersEnded(plan, dialect, connection)) {
            sayWaiting();
            return false;
        }
        List<Integer> pending = new ArrayList<>();
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            if (!read.contains(i)) {
                pending.add(i);
                partitions.add(ranges.get(i).partition());
            }
        }
        Map<Map<String, Object>, Map<String, Object>> stored = storedOffsets.apply(partitions);
        try {
            for (int i : pending) {
                QueryTarget range = ranges.get(i);
                if (!rowsLeft(connection, range, SourceOffset.fromMap(stored == null ? null
                        : stored.get(range.partition())))) {
                    read.add(i);
                }
            }
        } finally {
            connection.commit();
        }
        if (read.size() < ranges.size()) {
            sayWaiting();
            return false;
        }
        LOG.info("{}: every one of the {} initial load ranges is read and delivered; reading it incrementally from "
                + "{} on", description, ranges.size(), plan.incrementalStart().toMap());
        return true;
    }

    private void sayWaiting() {
        if (!saidWaiting) {
            saidWaiting = true;
            LOG.info("{}: the incremental reading begins once its {} initial load ranges are read and their offsets "
                    + "committed ({} of them so far)", description, ranges.size(), read.size());
        }
    }

    /** Whether {@code range} holds a row after {@code stored}, its committed offset, that it will read. */
    private boolean rowsLeft(Connection connection, QueryTarget range, SourceOffset stored) throws SQLException {
        List<String> conditions = new ArrayList<>();
        if (range.rowFilter() != null) {
            conditions.add(range.rowFilter());
        }
        String id = dialect.quote(settings.incrementingColumn());
        if (stored.incrementing() != null) {
            conditions.add(id + " > ?");
        }
        if (timestamps != null) {
            conditions.add(timestamps.expression(dialect) + " < ?");
        }
        String sql = "SELECT 1 FROM " + range.fromSql()
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setMaxRows(1);
            int index = 1;
            if (stored.incrementing() != null) {
                statement.setLong(index++, stored.incrementing());
            }
            if (timestamps != null) {
                timestamps.bind(statement, index, plan.timestampBound());
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
