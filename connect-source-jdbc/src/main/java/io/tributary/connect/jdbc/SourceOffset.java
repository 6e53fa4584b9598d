package io.tributary.connect.jdbc;

import java.time.Instant;
import java.util.Map;

/**
 * Where a table or query was left: the incrementing value and/or the timestamp of the last row emitted.
 * Stored as {@code {incrementing, timestamp (epoch ms), timestamp_nanos (nano-of-second)}}, the layout
 * Confluent's connector uses, so sub-millisecond timestamps survive a restart.
 */
public record SourceOffset(Long incrementing, Instant timestamp) {

    public static final String INCREMENTING = "incrementing";
    public static final String TIMESTAMP = "timestamp";
    public static final String TIMESTAMP_NANOS = "timestamp_nanos";

    public static final SourceOffset NONE = new SourceOffset(null, null);

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
        Long millis = timestamp.toEpochMilli();
        Long nanos = (long) timestamp.getNano();
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
            timestamp = Instant.ofEpochMilli(millis.longValue());
            if (map.get(TIMESTAMP_NANOS) instanceof Number nanos) {
                timestamp = Instant.ofEpochSecond(timestamp.getEpochSecond(), nanos.longValue());
            }
        }
        return new SourceOffset(incrementing, timestamp);
    }
}
