package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.KeyBounds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns tables into the slices tasks read in bulk mode with bulk.split.by.primary.key: tasks beyond one per
 * table are shared out evenly over the tables that can be split, and each of those is cut into key ranges
 * between its current minimum and maximum key, where a sample of its keys puts about as many rows in each.
 */
final class TableSplitter {

    private static final Logger LOG = LoggerFactory.getLogger(TableSplitter.class);

    private final DatabaseDialect dialect;

    TableSplitter(DatabaseDialect dialect) {
        this.dialect = dialect;
    }

    List<TableSlice> slices(Connection connection, List<SourceTable> tables, int maxTasks) throws SQLException {
        int spare = maxTasks - tables.size();
        if (spare <= 0) {
            LOG.info("{} table(s) and tasks.max={}: no task to spare, so every table is read whole",
                    tables.size(), maxTasks);
            return tables.stream().map(TableSlice::whole).toList();
        }
        List<SourceTable> splittable = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (SourceTable table : tables) {
            String key = splitKey(connection, table);
            if (key != null) {
                splittable.add(table);
                keys.add(key);
            }
        }
        List<TableSlice> slices = new ArrayList<>();
        for (SourceTable table : tables) {
            int index = splittable.indexOf(table);
            if (index < 0) {
                slices.add(TableSlice.whole(table));
                continue;
            }
            int parts = 1 + spare / splittable.size() + (index < spare % splittable.size() ? 1 : 0);
            KeyBounds bounds = dialect.keyBounds(connection, table.id(), keys.get(index));
            long[] sample = bounds.holdsSeveralKeys()
                    ? KeyRangeCutter.sample(dialect, connection, table, keys.get(index)) : new long[0];
            KeyRangeCutter.Cut cut = KeyRangeCutter.cutBy(bounds, parts, sample);
            List<KeyRange> ranges = cut.ranges();
            if (ranges.size() == 1) {
                LOG.info("Table {} is read whole: it is empty or holds a single key", table);
            } else {
                LOG.info("Table {} is read in {} ranges of {} ({}, {})", table, ranges.size(), keys.get(index),
                        ranges.stream().map(KeyRange::label).toList(), cut.how());
            }
            for (KeyRange range : ranges) {
                slices.add(new TableSlice(table, keys.get(index), range));
            }
        }
        return slices;
    }

    /** The single integer key column to split the table by, or null (with the reason logged) when there is none. */
    private String splitKey(Connection connection, SourceTable table) throws SQLException {
        List<String> key = dialect.primaryKey(connection, table.id());
        if (key.isEmpty()) {
            LOG.info("Table {} is read whole: it has no primary key to split by", table);
            return null;
        }
        if (key.size() > 1) {
            LOG.info("Table {} is read whole: its primary key {} has several columns; only a one-column key is split",
                    table, key);
            return null;
        }
        List<ColumnInfo> columns = dialect.columns(connection, table.id());
        int position = ColumnInfo.position(columns, key.get(0));
        if (position == 0 || !columns.get(position - 1).isIntegral()) {
            LOG.info("Table {} is read whole: its primary key {} is of type {}, not an integer type", table, key.get(0),
                    position == 0 ? "unknown" : columns.get(position - 1).typeName());
            return null;
        }
        return key.get(0);
    }
}
