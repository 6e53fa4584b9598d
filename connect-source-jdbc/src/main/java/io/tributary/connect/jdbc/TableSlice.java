package io.tributary.connect.jdbc;

/**
 * What one task reads of a table: all of it, or the rows whose single-column integer key lies in a range
 * (bulk mode with bulk.split.by.primary.key).
 *
 * @param keyColumn the key column the range applies to; null for the whole table
 */
public record TableSlice(SourceTable table, String keyColumn, KeyRange range) {

    public static TableSlice whole(SourceTable table) {
        return new TableSlice(table, null, KeyRange.ALL);
    }

    public boolean isSplit() {
        return keyColumn != null && !range.isAll();
    }

    @Override
    public String toString() {
        return isSplit() ? table + " " + keyColumn + " in " + range.label() : table.toString();
    }
}
