package io.tributary.connect.jdbc.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.jdbc.FakeRow;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's 'infinity' and '-infinity' reach us as java.time's extremes (pgjdbc's mapping), and '24:00:00' as
 * LocalTime.MAX: each becomes a documented Connect value, never an overflowed ordinary one.
 */
class TemporalExtremesTest {

    private static final MappingOptions OPTIONS = new MappingOptions(NumericMapping.NONE, ZoneOffset.UTC);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    @Test
    void infiniteDatesAreTheLatestAndEarliestDayConnectsDateCanCarry() throws SQLException {
        assertEquals(new Date(Integer.MAX_VALUE * MILLIS_PER_DAY), read("date", Types.DATE, LocalDate.MAX));
        assertEquals(new Date(Integer.MIN_VALUE * MILLIS_PER_DAY), read("date", Types.DATE, LocalDate.MIN));
    }

    @Test
    void infiniteTimestampsAreTheLatestAndEarliestMillisecond() throws SQLException {
        assertEquals(new Date(Long.MAX_VALUE), read("timestamp", Types.TIMESTAMP, LocalDateTime.MAX));
        assertEquals(new Date(Long.MIN_VALUE), read("timestamp", Types.TIMESTAMP, LocalDateTime.MIN));
        assertEquals(new Date(Long.MAX_VALUE), read("timestamptz", Types.TIMESTAMP, OffsetDateTime.MAX));
        assertEquals(new Date(Long.MIN_VALUE), read("timestamptz", Types.TIMESTAMP, OffsetDateTime.MIN));
    }

    @Test
    void theEndOfTheDayIsTwentyFourHoursNotAMillisecondBefore() throws SQLException {
        assertEquals(new Date(MILLIS_PER_DAY), read("time", Types.TIME, LocalTime.MAX));
        assertEquals(new Date(MILLIS_PER_DAY - 1), read("time", Types.TIME, LocalTime.parse("23:59:59.999999")));
    }

    private static Object read(String typeName, int jdbcType, Object driverValue) throws SQLException {
        ColumnMapping mapping = new PostgresTypeMapper().map(new ColumnInfo("c", jdbcType, typeName, 0, 0, true),
                OPTIONS);
        return mapping.reader().read(FakeRow.of(driverValue), 1);
    }
}
