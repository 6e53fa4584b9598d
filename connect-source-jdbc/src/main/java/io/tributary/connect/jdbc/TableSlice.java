package io.tributary.connect.jdbc;

/**
 * What one task reads of a table: all of it, the rows whose single-column integer key lies in a range (bulk
 * mode with bulk.split.by.primary.key), or a part of a parallel initial load (initial.load.parallel): one of
 * the plan's ranges, or the table's incremental part, which begins where the plan says once every range is read.
 *
 * @param keyColumn the key column the range applies to; null for the whole table
 * @param plan      the table's initial load plan; null when the table is read as usual
 * @param loadRange the number of the plan's range this slice reads; -1 for the incremental part
 */
public record TableSlice(SourceTable table, String keyColumn, KeyRange range, LoadPlan plan, int loadRange) {

    public TableSlice(SourceTable table, String keyColumn, KeyRange range) {
        this(table, keyColumn, range, null, -1);
    }

    public static TableSlice whole(SourceTable table) {
        return new TableSlice(table, null, KeyRange.ALL);
    }

    /** The incremental part of a table loaded by {@code plan}. */
    public static TableSlice incremental(SourceTable table, LoadPlan plan) {
        return new TableSlice(table, null, KeyRange.ALL, plan, -1);
    }

    /** Range {@code index} of the initial load {@code plan}. */
    public static TableSlice loadRange(SourceTable table, LoadPlan plan, int index) {
        return new TableSlice(table, null, KeyRange.ALL, plan, index);
    }

    public boolean isSplit() {
        return keyColumn != null && !range.isAll();
    }

    public boolean isLoadRange() {
        return plan != null && loadRange >= 0;
    }

    @Override
    public String toString() {
        if (isLoadRange()) {
            return table + " initial load range " + (loadRange + 1) + " of " + plan.ranges().size() + " ("
                    + plan.ranges().get(loadRange).label() + ")";
        }
        if (plan != null) {
            return table + " after its initial load";
        }
        return isSplit() ? table + " " + keyColumn + " in " + range.label() : table.toString();
    }
}
