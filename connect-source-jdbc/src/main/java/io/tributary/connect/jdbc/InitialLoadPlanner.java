package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.KeyBounds;
import io.tributary.connect.jdbc.query.QueryTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns tables into the slices tasks read with initial.load.parallel: a table with no stored offset is cut into
 * ranges of its incrementing column up to its current highest value, one slice each, plus the slice that reads
 * it incrementally from there once they are read. A table that already has an offset is read as usual; one
 * whose ranges have stored offsets gets its earlier plan back, so every range resumes where it stopped.
 */
final class InitialLoadPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(InitialLoadPlanner.class);

    private final JdbcSourceConfig config;
    private final DatabaseDialect dialect;

    InitialLoadPlanner(JdbcSourceConfig config, DatabaseDialect dialect) {
        this.config = config;
        this.dialect = dialect;
    }

    static Map<String, Object> tablePartition(SourceTable table) {
        return Map.of("table", table.id().toString());
    }

    static Map<String, Object> rangePartition(SourceTable table, int index) {
        return QueryTarget.partition("table", table.id().toString(), LoadPlan.PARTITION_KEY, Integer.toString(index));
    }

    /**
     * @param storedOffsets the worker's stored offsets of the given source partitions (absent: none)
     */
    List<TableSlice> slices(Connection connection, List<SourceTable> tables, int maxTasks,
                            Function<List<Map<String, Object>>, Map<Map<String, Object>, Map<String, Object>>>
                                    storedOffsets) throws SQLException {
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (SourceTable table : tables) {
            partitions.add(tablePartition(table));
            for (int i = 0; i < LoadPlan.MAX_RANGES; i++) {
                partitions.add(rangePartition(table, i));
            }
        }
        Map<Map<String, Object>, Map<String, Object>> stored = storedOffsets.apply(partitions);
        if (stored == null) {
            stored = new HashMap<>();
        }
        Map<SourceTable, LoadPlan> plans = new LinkedHashMap<>();
        List<SourceTable> fresh = new ArrayList<>();
        for (SourceTable table : tables) {
            Map<String, Object> offset = stored.get(tablePartition(table));
            if (offset != null && !offset.isEmpty()) {
                continue; // read before: incrementally, as usual
            }
            LoadPlan earlier = earlierPlan(table, stored);
            if (earlier != null) {
                LOG.info("Table {} goes on with its initial load in {} ranges up to {} {}", table,
                        earlier.ranges().size(), config.incrementingColumn(), earlier.high());
                plans.put(table, earlier);
            } else {
                fresh.add(table);
            }
        }
        plan(connection, fresh, maxTasks - tables.size(), plans);
        List<TableSlice> slices = new ArrayList<>();
        for (SourceTable table : tables) {
            LoadPlan plan = plans.get(table);
            if (plan == null) {
                slices.add(TableSlice.whole(table));
                continue;
            }
            slices.add(TableSlice.incremental(table, plan));
            for (int i = 0; i < plan.ranges().size(); i++) {
                slices.add(TableSlice.loadRange(table, plan, i));
            }
        }
        return slices;
    }

    private void plan(Connection connection, List<SourceTable> fresh, int spare,
                      Map<SourceTable, LoadPlan> plans) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        if (config.timestampInitial() != null) {
            LOG.info("{} table(s) without an offset start at {}={}, not with their existing rows: no initial load "
                    + "to share out", fresh.size(), JdbcSourceConfig.TIMESTAMP_INITIAL, config.timestampInitial());
            return;
        }
        if (spare <= 0) {
            LOG.info("{} table(s) without an offset and no task to spare (tasks.max is not above the number of "
                    + "tables): each is loaded by one task", fresh.size());
            return;
        }
        for (int index = 0; index < fresh.size(); index++) {
            SourceTable table = fresh.get(index);
            int parts = 1 + spare / fresh.size() + (index < spare % fresh.size() ? 1 : 0);
            LoadPlan plan = plan(connection, table, Math.min(parts, LoadPlan.MAX_RANGES));
            if (plan != null) {
                plans.put(table, plan);
            }
        }
    }

    /** A new plan for {@code table} in up to {@code parts} ranges; null when it is empty or holds one value. */
    LoadPlan plan(Connection connection, SourceTable table, int parts) throws SQLException {
        String column = config.incrementingColumn();
        KeyBounds bounds = dialect.keyBounds(connection, table.id(), column);
        if (!bounds.holdsSeveralKeys()) {
            LOG.info("Table {} is read as usual: it is empty or holds a single {}", table, column);
            return null;
        }
        // what the next poll would have read up to, taken before the writers: every transaction that could still
        // commit a row below these bounds is running now, and so is below the next transaction
        Instant timestampBound = config.mode() == Mode.TIMESTAMP_INCREMENTING
                ? dialect.timestampUpperBound(connection, config.inFlightGuard()).minusMillis(config.timestampDelayMs())
                : null;
        Long writers = dialect.nextTransaction(connection).orElse(null);
        long[] sample = KeyRangeCutter.sample(dialect, connection, table, column);
        KeyRangeCutter.Cut cut = KeyRangeCutter.cutBy(bounds, parts, sample);
        List<KeyRange> ranges = new ArrayList<>(cut.ranges());
        if (timestampBound == null && bounds.max() < Long.MAX_VALUE) {
            // incrementing mode: exactly the ids up to the highest; the incremental part reads those above it
            KeyRange last = ranges.remove(ranges.size() - 1);
            ranges.add(new KeyRange(last.from(), bounds.max() + 1));
        }
        LoadPlan plan = new LoadPlan(bounds.max(), timestampBound, writers, ranges);
        LOG.info("Table {} is loaded in {} ranges of {} ({}, {}) up to {} {}{}; then read incrementally from there",
                table, ranges.size(), column, ranges.stream().map(KeyRange::label).toList(),
                cut.how(), column, bounds.max(),
                timestampBound == null ? "" : " and timestamps below " + timestampBound);
        return plan;
    }

    /** The plan an earlier run stored with the records of one of the table's ranges; null when there is none. */
    private static LoadPlan earlierPlan(SourceTable table, Map<Map<String, Object>, Map<String, Object>> stored) {
        for (int i = 0; i < LoadPlan.MAX_RANGES; i++) {
            Map<String, Object> offset = stored.get(rangePartition(table, i));
            if (offset != null && offset.get(LoadPlan.OFFSET_KEY) instanceof String text) {
                try {
                    return LoadPlan.decode(text);
                } catch (IllegalArgumentException e) {
                    LOG.warn("Table {}: the initial load plan stored with range {} cannot be read ({}); looking for "
                            + "another", table, i, e.getMessage());
                }
            }
        }
        return null;
    }
}
