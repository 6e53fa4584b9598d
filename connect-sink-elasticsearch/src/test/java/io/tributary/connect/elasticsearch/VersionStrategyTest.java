package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class VersionStrategyTest {

    private static SinkRecord record(org.apache.kafka.connect.header.Headers headers) {
        return new SinkRecord("orders", 0, Schema.STRING_SCHEMA, "k", null, Map.of(), 42L, 0L, null, headers);
    }

    @Test
    void offsetModeUsesTheRecordOffset() {
        assertEquals(42L, VersionStrategy.of("offset").versionOf(record(new ConnectHeaders())));
    }

    @Test
    void headerModeReadsNumbersAndNumericStrings() {
        VersionStrategy strategy = VersionStrategy.of("header:ts");

        assertEquals(7L, strategy.versionOf(record(new ConnectHeaders().addLong("ts", 7L))));
        assertEquals(1_700_000_000_000L,
                strategy.versionOf(record(new ConnectHeaders().addString("ts", "1700000000000"))));
    }

    @Test
    void headerModeRefusesARecordWithoutTheHeader() {
        DataException error = assertThrows(DataException.class,
                () -> VersionStrategy.of("header:ts").versionOf(record(new ConnectHeaders())));

        assertEquals("the record has no header 'ts' to take the version from", error.getMessage());
    }

    @Test
    void noneModeDoesNotVersion() {
        assertNull(VersionStrategy.of("none").versionOf(record(new ConnectHeaders())));
    }
}
