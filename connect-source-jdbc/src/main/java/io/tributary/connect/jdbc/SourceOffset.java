package io.tributary.connect.jdbc;

import java.time.Instant;
import java.util.LinkedHashMap;
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

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (incrementing != null) {
            map.put(INCREMENTING, incrementing);
        }
        if (timestamp != null) {
            map.put(TIMESTAMP, timestamp.toEpochMilli());
            map.put(TIMESTAMP_NANOS, (long) timestamp.getNano());
        }
        return map;
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
