package io.tributary.connect.jdbc.schema;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;

/**
 * java.time values to the java.util.Date that Connect's Date, Time and Timestamp logical types carry,
 * without Calendar: Date is midnight UTC of the day, Time is the time of day on 1970-01-01 UTC.
 *
 * <p>The driver hands out PostgreSQL's 'infinity' and '-infinity' as java.time's extremes (LocalDate.MAX,
 * LocalDateTime.MIN, ...), which no finite database value reaches. They become the latest and earliest value
 * the Connect type can carry: day Integer.MAX_VALUE / MIN_VALUE since the epoch for a Date (Connect stores days
 * in an int32), epoch millisecond Long.MAX_VALUE / MIN_VALUE for a Timestamp. PostgreSQL's finite values stay
 * far inside both, so the extremes stand for infinity alone; and no value overflows into an ordinary date.
 */
final class TemporalValues {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private TemporalValues() {
    }

    static Date date(LocalDate date) {
        if (date.equals(LocalDate.MAX)) {
            return new Date(Integer.MAX_VALUE * MILLIS_PER_DAY);
        }
        if (date.equals(LocalDate.MIN)) {
            return new Date(Integer.MIN_VALUE * MILLIS_PER_DAY);
        }
        // a day outside Connect's int32 range would otherwise wrap around silently in the converter
        return new Date(Math.multiplyExact(Math.toIntExact(date.toEpochDay()), MILLIS_PER_DAY));
    }

    /** PostgreSQL's '24:00:00' (LocalTime.MAX from the driver) is the end of the day, which Connect's Time allows. */
    static Date time(LocalTime time) {
        return new Date(time.equals(LocalTime.MAX) ? MILLIS_PER_DAY : time.toNanoOfDay() / 1_000_000L);
    }

    static Date timestamp(LocalDateTime dateTime, ZoneId zone) {
        if (dateTime.equals(LocalDateTime.MAX)) {
            return new Date(Long.MAX_VALUE);
        }
        if (dateTime.equals(LocalDateTime.MIN)) {
            return new Date(Long.MIN_VALUE);
        }
        return Date.from(dateTime.atZone(zone).toInstant());
    }

    static Date timestamp(OffsetDateTime dateTime) {
        if (dateTime.equals(OffsetDateTime.MAX)) {
            return new Date(Long.MAX_VALUE);
        }
        if (dateTime.equals(OffsetDateTime.MIN)) {
            return new Date(Long.MIN_VALUE);
        }
        return Date.from(dateTime.toInstant());
    }

    static Date timestampUtc(LocalDateTime dateTime) {
        return new Date(dateTime.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
}
