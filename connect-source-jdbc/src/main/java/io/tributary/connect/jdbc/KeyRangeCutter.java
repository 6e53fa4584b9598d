package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.dialect.KeyBounds;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the key space between a table's lowest and highest key into contiguous ranges of equal width.
 * Widths are computed with BigInteger: {@code max - min} overflows a long when the keys span more than half
 * of its range (e.g. negative and positive ids near the limits).
 */
final class KeyRangeCutter {

    private KeyRangeCutter() {
    }

    /**
     * At most {@code parts} ranges that together cover every long, the first open below and the last open
     * above; fewer when there are fewer distinct keys than parts, one ({@link KeyRange#ALL}) when the table
     * is empty or holds a single key.
     */
    static List<KeyRange> cut(KeyBounds bounds, int parts) {
        if (parts <= 1 || bounds.isEmpty() || bounds.min() >= bounds.max()) {
            return List.of(KeyRange.ALL);
        }
        BigInteger min = BigInteger.valueOf(bounds.min());
        BigInteger keys = BigInteger.valueOf(bounds.max()).subtract(min).add(BigInteger.ONE);
        int count = keys.min(BigInteger.valueOf(parts)).intValueExact();
        List<KeyRange> ranges = new ArrayList<>(count);
        Long from = null;
        for (int i = 1; i < count; i++) {
            // floor(keys * i / count) >= 1 and strictly increasing in i because keys >= count
            long to = min.add(keys.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count))).longValueExact();
            ranges.add(new KeyRange(from, to));
            from = to;
        }
        ranges.add(new KeyRange(from, null));
        return List.copyOf(ranges);
    }
}
