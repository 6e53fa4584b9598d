package io.tributary.connect.jdbc;

import java.util.Objects;

/**
 * A table by its schema and name, exactly as the catalog spells them. {@link #toString()} is the
 * unquoted {@code schema.table} that include/exclude expressions and source partitions use; SQL always
 * gets the quoted form from the dialect.
 */
public record TableId(String schema, String table) implements Comparable<TableId> {

    public TableId {
        Objects.requireNonNull(table, "table");
    }

    @Override
    public String toString() {
        return schema == null || schema.isEmpty() ? table : schema + "." + table;
    }

    @Override
    public int compareTo(TableId other) {
        return toString().compareTo(other.toString());
    }
}
