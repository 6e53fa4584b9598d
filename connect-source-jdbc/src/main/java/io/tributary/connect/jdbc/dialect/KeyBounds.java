package io.tributary.connect.jdbc.dialect;

/** The lowest and highest value of a table's integer key; both null when the table is empty. */
public record KeyBounds(Long min, Long max) {

    public static final KeyBounds EMPTY = new KeyBounds(null, null);

    public boolean isEmpty() {
        return min == null || max == null;
    }

    /** Whether there are at least two different keys, so that the key space can be cut. */
    public boolean holdsSeveralKeys() {
        return !isEmpty() && min < max;
    }
}
