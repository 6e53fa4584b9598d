package io.tributary.connect.jdbc.schema;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Date;

/**
 * java.time values to the java.util.Date that Connect's Date, Time and Timestamp logical types carry,
 * without Calendar: Date is midnight UTC of the day, Time is the time of day on 1970-01-01 UTC.
 */
final class TemporalValues {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private TemporalValues() {
    }

    static Date date(LocalDate date) {
        return new Date(date.toEpochDay() * MILLIS_PER_DAY);
    }

    static Date time(LocalTime time) {
        return new Date(time.toNanoOfDay() / 1_000_000L);
    }

    static Date timestampUtc(java.time.LocalDateTime dateTime) {
        return new Date(dateTime.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
}
