package io.tributary.connect.jdbc.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.jdbc.FakeRow;
import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** '-infinity' in the tracked column: an offset that is stored, read back and still sorts before every row. */
class TimestampColumnsTest {

    @Test
    void minusInfinityIsStoredAsTheSmallestOffsetAndReadBackAsItself() throws SQLException {
        List<ColumnInfo> kinds = List.of(
                new ColumnInfo("ts", Types.TIMESTAMP_WITH_TIMEZONE, "timestamptz", 35, 6, false),
                new ColumnInfo("ts", Types.TIMESTAMP, "timestamp", 29, 6, false));
        for (ColumnInfo column : kinds) {
            TimestampColumns timestamps = new TimestampColumns(List.of("ts"), ZoneId.of("Europe/Berlin"));
            timestamps.locate(List.of(column), "table t");
            Object driverValue = column.jdbcType() == Types.TIMESTAMP ? LocalDateTime.MIN : OffsetDateTime.MIN;

            SourceOffset offset = new SourceOffset(2L, timestamps.read(FakeRow.of(driverValue)));

            assertEquals(Map.of("incrementing", 2L, "timestamp", Long.MIN_VALUE, "timestamp_nanos", 0L),
                    offset.toMap());
            assertEquals(offset, SourceOffset.fromMap(offset.toMap()));
        }
    }
}
