package io.tributary.connect.jdbc;

/**
 * A contiguous slice {@code [from, to)} of a table's integer primary key. A null end is open, so the lowest
 * and highest slices also take rows written below the minimum or above the maximum seen when they were cut.
 */
public record KeyRange(Long from, Long to) {

    public static final KeyRange ALL = new KeyRange(null, null);

    public boolean isAll() {
        return from == null && to == null;
    }

    /**
     * The range as a source partition names it, e.g. {@code 1000..2000}; an open end is left empty. Two dots
     * keep negative bounds readable, where a dash would not ({@code -5--1}).
     */
    public String label() {
        return (from == null ? "" : from.toString()) + ".." + (to == null ? "" : to.toString());
    }

    /** The SQL condition on an already quoted column; null for the whole key space. */
    public String condition(String quotedColumn) {
        if (isAll()) {
            return null;
        }
        if (from == null) {
            return quotedColumn + " < " + to;
        }
        if (to == null) {
            return quotedColumn + " >= " + from;
        }
        return quotedColumn + " >= " + from + " AND " + quotedColumn + " < " + to;
    }
}
