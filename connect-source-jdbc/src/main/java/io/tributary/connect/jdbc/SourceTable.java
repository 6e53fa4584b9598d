package io.tributary.connect.jdbc;

/** A relation to read and its kind as the driver names it (TABLE, VIEW, ...). */
public record SourceTable(TableId id, String type) implements Comparable<SourceTable> {

    public static final String TABLE = "TABLE";

    /** Plain tables carry row versions (PostgreSQL's xmin) that views and foreign tables lack. */
    public boolean isPlainTable() {
        return TABLE.equalsIgnoreCase(type);
    }

    @Override
    public int compareTo(SourceTable other) {
        return id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
