package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.KeyBounds;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the key space between a table's lowest and highest key into contiguous ranges: where a sample of the
 * table's keys is at hand, at its quantiles, so that each range holds about as many rows (ids of a legacy table
 * often come in far-apart runs, e.g. a low series and one restarted high after a migration, and ranges of equal
 * width would leave some tasks nothing to read); otherwise of equal width. Widths are computed with BigInteger:
 * {@code max - min} overflows a long when the keys span more than half of its range (e.g. negative and positive
 * ids near the limits).
 */
final class KeyRangeCutter {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRangeCutter.class);

    /** Sampled keys needed per range to cut at the sample's quantiles; with fewer the ranges are of equal width. */
    static final int SAMPLE_PER_RANGE = 20;

    /** Least share of the sample, relative to its even share, that a range of equal width may hold to keep them. */
    static final double EVEN_LOW = 0.75;
    /** Most share of the sample, relative to its even share, that a range of equal width may hold to keep them. */
    static final double EVEN_HIGH = 1.25;

    private KeyRangeCutter() {
    }

    /**
     * The dialect's sample of a table's key column; empty (ranges of equal width) when it cannot be taken, with
     * the reason at INFO: a sample only balances the ranges, every row is read either way.
     */
    static long[] sample(DatabaseDialect dialect, Connection connection, SourceTable table, String column) {
        try {
            return dialect.keySample(connection, table.id(), column);
        } catch (SQLException e) {
            LOG.info("Table {}: no sample of {} to cut its ranges by ({}); they are of equal width", table, column,
                    e.getMessage());
            return new long[0];
        }
    }

    /** Ranges of a table's key and how they were cut, for the log. */
    record Cut(List<KeyRange> ranges, String how) {
    }

    /** Whether {@link #cutBy} may cut {@code parts} ranges by the sample. */
    static boolean bySample(long[] sample, int parts) {
        return parts > 1 && sample.length >= (long) parts * SAMPLE_PER_RANGE;
    }

    /**
     * Like {@link #cut(KeyBounds, int)}, but guided by {@code sample} (keys of the table, in any order) when it
     * holds enough keys. When the sample finds the keys evenly spread (each range of equal width would hold
     * between {@link #EVEN_LOW} and {@link #EVEN_HIGH} times its share of them), the ranges stay of equal width:
     * exact for a dense sequence, where quantiles of a sample of pages would only add the sample's error.
     * Otherwise range i ends at the sample's (i / parts) quantile. A cut that would not be above the previous one
     * (a repeated key) or not inside the bounds (a key written after they were read) is left out, so there may be
     * fewer ranges; the first stays open below and the last open above.
     */
    static Cut cutBy(KeyBounds bounds, int parts, long[] sample) {
        List<KeyRange> equal = cut(bounds, parts);
        if (!bySample(sample, parts) || !bounds.holdsSeveralKeys()) {
            return new Cut(equal, "of equal width");
        }
        long[] sorted = sample.clone();
        Arrays.sort(sorted);
        if (evenlySpread(equal, sorted)) {
            return new Cut(equal, String.format(Locale.ROOT,
                    "of equal width: a sample of %,d keys finds them evenly spread", sample.length));
        }
        List<KeyRange> ranges = new ArrayList<>(parts);
        Long from = null;
        long previous = bounds.min(); // the first range must hold the lowest key
        for (int i = 1; i < parts; i++) {
            long at = sorted[(int) ((long) sorted.length * i / parts)];
            if (at <= previous || at > bounds.max()) {
                continue;
            }
            ranges.add(new KeyRange(from, at));
            from = at;
            previous = at;
        }
        ranges.add(new KeyRange(from, null));
        return new Cut(List.copyOf(ranges),
                String.format(Locale.ROOT, "cut at the quantiles of a sample of %,d keys", sample.length));
    }

    /**
     * At most {@code parts} ranges that together cover every long, the first open below and the last open
     * above; fewer when there are fewer distinct keys than parts, one ({@link KeyRange#ALL}) when the table
     * is empty or holds a single key.
     */
    static List<KeyRange> cut(KeyBounds bounds, int parts) {
        if (parts <= 1 || !bounds.holdsSeveralKeys()) {
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

    /** Whether each of {@code ranges} holds between EVEN_LOW and EVEN_HIGH times its even share of the keys. */
    private static boolean evenlySpread(List<KeyRange> ranges, long[] sorted) {
        double even = (double) sorted.length / ranges.size();
        for (KeyRange range : ranges) {
            int below = range.to() == null ? sorted.length : lowerBound(sorted, range.to());
            int from = range.from() == null ? 0 : lowerBound(sorted, range.from());
            int held = below - from;
            if (held < EVEN_LOW * even || held > EVEN_HIGH * even) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first key not below {@code key} in a sorted array. */
    private static int lowerBound(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < key) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
