package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceOffsetTest {

    @Test
    void microsecondTimestampAndIdSurviveTheStoredMap() {
        SourceOffset offset = new SourceOffset(42L, Instant.parse("2024-02-29T23:59:58.123456Z"));

        assertEquals(Map.of("incrementing", 42L, "timestamp", 1709251198123L, "timestamp_nanos", 123456000L),
                offset.toMap());
        assertEquals(offset, SourceOffset.fromMap(offset.toMap()));
    }

    @Test
    void timestampsBeforeTheEpochKeepTheirNanos() {
        SourceOffset offset = new SourceOffset(null, Instant.parse("1969-12-31T23:59:59.000001Z"));

        assertEquals(offset, SourceOffset.fromMap(offset.toMap()));
    }

    @Test
    void integersReadBackFromJsonAreAccepted() {
        assertEquals(new SourceOffset(7L, null), SourceOffset.fromMap(Map.of("incrementing", 7)));
    }

    @Test
    void missingOffsetIsEmpty() {
        assertEquals(SourceOffset.NONE, SourceOffset.fromMap(null));
    }
}
