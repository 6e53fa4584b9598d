package io.tributary.connect.jdbc;

import java.time.Instant;
import java.util.Map;

/**
 * Where a table or query was left: the incrementing value and/or the timestamp of the last row emitted.
 * Stored as {@code {incrementing, timestamp (epoch ms), timestamp_nanos (nano-of-second)}}, the layout
 * Confluent's connector uses, so sub-millisecond timestamps survive a restart. PostgreSQL's '-infinity' and
 * 'infinity' in the timestamp column are {@link #NEGATIVE_INFINITY} and {@link #POSITIVE_INFINITY}, stored as the
 * smallest and largest long (beyond any finite timestamp a database stores), with nanos 0.
 */
public record SourceOffset(Long incrementing, Instant timestamp) {

    public static final String INCREMENTING = "incrementing";
    public static final String TIMESTAMP = "timestamp";
    public static final String TIMESTAMP_NANOS = "timestamp_nanos";

    public static final SourceOffset NONE = new SourceOffset(null, null);

    /** A timestamp before every other: PostgreSQL's '-infinity'. */
    public static final Instant NEGATIVE_INFINITY = Instant.MIN;
    /** A timestamp after every other: PostgreSQL's 'infinity'. */
    public static final Instant POSITIVE_INFINITY = Instant.MAX;

    public boolean isEmpty() {
        return incrementing == null && timestamp == null;
    }

    /**
     * The stored form. One of these goes with every record, so it is an immutable map of exactly its entries
     * (no hash table to size and fill); the worker only reads it.
     */
    public Map<String, Object> toMap() {
        if (timestamp == null) {
            return incrementing == null ? Map.of() : Map.of(INCREMENTING, incrementing);
        }
        Long millis = epochMillis(timestamp);
        Long nanos = timestamp.equals(NEGATIVE_INFINITY) || timestamp.equals(POSITIVE_INFINITY)
                ? 0L : (long) timestamp.getNano();
        return incrementing == null
                ? Map.of(TIMESTAMP, millis, TIMESTAMP_NANOS, nanos)
                : Map.of(INCREMENTING, incrementing, TIMESTAMP, millis, TIMESTAMP_NANOS, nanos);
    }

    /** Reads a stored offset; numbers may come back as Integer or Long, whichever the converter chose. */
    public static SourceOffset fromMap(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return NONE;
        }
        Long incrementing = map.get(INCREMENTING) instanceof Number number ? number.longValue() : null;
        Instant timestamp = null;
        if (map.get(TIMESTAMP) instanceof Number millis) {
            timestamp = instant(millis.longValue());
            if (timestamp.isAfter(NEGATIVE_INFINITY) && timestamp.isBefore(POSITIVE_INFINITY)
                    && map.get(TIMESTAMP_NANOS) instanceof Number nanos) {
                timestamp = Instant.ofEpochSecond(timestamp.getEpochSecond(), nanos.longValue());
            }
        }
        return new SourceOffset(incrementing, timestamp);
    }

    private static long epochMillis(Instant timestamp) {
        if (timestamp.equals(NEGATIVE_INFINITY)) {
            return Long.MIN_VALUE;
        }
        if (timestamp.equals(POSITIVE_INFINITY)) {
            return Long.MAX_VALUE;
        }
        return timestamp.toEpochMilli();
    }

    private static Instant instant(long epochMillis) {
        if (epochMillis == Long.MIN_VALUE) {
            return NEGATIVE_INFINITY;
        }
        if (epochMillis == Long.MAX_VALUE) {
            return POSITIVE_INFINITY;
        }
        return Instant.ofEpochMilli(epochMillis);
    }
}
