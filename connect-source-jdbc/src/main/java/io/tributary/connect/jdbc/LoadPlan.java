package io.tributary.connect.jdbc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a table's existing rows are loaded in parallel (initial.load.parallel): the highest incrementing value
 * when the plan was made, the timestamp bound the next poll would have used (timestamp+incrementing mode only),
 * the first transaction that had not begun then (where the database can tell), and the ranges of the incrementing
 * column that tasks read, each as a source partition of its own. Every record of a range carries the plan in its
 * offset, so that after a restart the connector cuts the same ranges again and every range resumes where it
 * stopped.
 *
 * <p>Incrementing mode: the ranges hold exactly the ids up to {@link #high}, and the incremental part begins
 * after it. Timestamp+incrementing mode: the ranges hold the rows whose timestamp is below {@link #timestampBound}
 * (the last range is open above, for rows that transactions running at planning time commit later with higher
 * ids), and the incremental part begins at that timestamp.
 *
 * @param writers the first transaction that had not begun when the plan was made: ranges are read, and the
 *                incremental part begins, once every transaction below it has ended; null where the database
 *                cannot tell
 */
public record LoadPlan(long high, Instant timestampBound, Long writers, List<KeyRange> ranges) {

    /** More ranges than this are not cut, whatever tasks.max is; they would only add partitions and queries. */
    public static final int MAX_RANGES = 64;
    /** The key of the plan in a range record's offset. */
    public static final String OFFSET_KEY = "load";
    /** The key of the range's number in its source partition, beside "table". */
    public static final String PARTITION_KEY = "load_range";

    private static final String VERSION = "v1";

    public LoadPlan {
        if (ranges.isEmpty() || ranges.size() > MAX_RANGES) {
            throw new IllegalArgumentException("A load plan has 1 to " + MAX_RANGES + " ranges, not "
                    + ranges.size());
        }
        ranges = List.copyOf(ranges);
    }

    /** Where the incremental part of the table begins once every range is read. */
    public SourceOffset incrementalStart() {
        return timestampBound == null ? new SourceOffset(high, null) : new SourceOffset(null, timestampBound);
    }

    /** The stored form, e.g. {@code v1;high=3000;ts=-;writers=812;ranges=..1000,1000..2000,2000..3001}. */
    public String encode() {
        StringBuilder text = new StringBuilder(VERSION).append(";high=").append(high)
                .append(";ts=").append(timestampBound == null ? "-" : timestampBound.toString())
                .append(";writers=").append(writers == null ? "-" : writers.toString())
                .append(";ranges=");
        for (int i = 0; i < ranges.size(); i++) {
            text.append(i == 0 ? "" : ",").append(ranges.get(i).label());
        }
        return text.toString();
    }

    /** Reads {@link #encode()}'s form; IllegalArgumentException, naming what is wrong, for anything else. */
    public static LoadPlan decode(String text) {
        String[] parts = text == null ? new String[0] : text.split(";", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("Not a load plan of version " + VERSION + ": " + text);
        }
        try {
            long high = Long.parseLong(field(parts[1], "high"));
            String ts = field(parts[2], "ts");
            String writers = field(parts[3], "writers");
            List<KeyRange> ranges = new ArrayList<>();
            for (String label : field(parts[4], "ranges").split(",", -1)) {
                ranges.add(range(label));
            }
            return new LoadPlan(high, "-".equals(ts) ? null : Instant.parse(ts),
                    "-".equals(writers) ? null : Long.valueOf(writers), ranges);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("Not a load plan: " + text + " (" + e.getMessage() + ")", e);
        }
    }

    private static String field(String part, String name) {
        if (!part.startsWith(name + "=")) {
            throw new IllegalArgumentException("A load plan needs '" + name + "=' where it has '" + part + "'");
        }
        return part.substring(name.length() + 1);
    }

    private static KeyRange range(String label) {
        int dots = label.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("Not a range: '" + label + "'");
        }
        String from = label.substring(0, dots);
        String to = label.substring(dots + 2);
        return new KeyRange(from.isEmpty() ? null : Long.valueOf(from), to.isEmpty() ? null : Long.valueOf(to));
    }
}
