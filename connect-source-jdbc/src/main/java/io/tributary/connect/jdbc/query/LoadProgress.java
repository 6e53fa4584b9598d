package io.tributary.connect.jdbc.query;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress of one range of an initial load, for a line in the log at most once per interval: how many rows
 * this run has read, the incrementing value it has reached, and the rate since the last line. A range of a big
 * table can take hours, and Connect's own log only counts a task's acknowledged records.
 */
final class LoadProgress {

    /** How often a range says how far it is. */
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The clock is read once per this many rows. */
    private static final int ROWS_PER_LOOK = 1024;

    private final LongSupplier nanos;
    private final long intervalNanos;
    private long rows;
    private long lastLineAt;
    private long rowsAtLastLine;
    private boolean started;

    LoadProgress() {
        this(System::nanoTime, INTERVAL_NANOS);
    }

    LoadProgress(LongSupplier nanos, long intervalNanos) {
        this.nanos = nanos;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Counts one row, whose incrementing value is {@code value}; answers the line to log when one is due (the
     * first one interval after the first row, then one per interval), otherwise null.
     */
    String row(long value, String column) {
        if (!started) {
            started = true;
            lastLineAt = nanos.getAsLong();
        }
        rows++;
        if (rows % ROWS_PER_LOOK != 0) {
            return null;
        }
        long now = nanos.getAsLong();
        long elapsed = now - lastLineAt;
        if (elapsed < intervalNanos) {
            return null;
        }
        double rate = (rows - rowsAtLastLine) / (elapsed / 1e9);
        lastLineAt = now;
        rowsAtLastLine = rows;
        return String.format(Locale.ROOT, "%,d rows read in this run, up to %s %d; %,.0f rows/s in the last %d s",
                rows, column, value, rate, TimeUnit.NANOSECONDS.toSeconds(elapsed));
    }

    long rows() {
        return rows;
    }
}
