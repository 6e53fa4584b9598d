package io.tributary.connect.transforms;

import io.tributary.connect.common.config.ConfigChoice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Date;
import java.util.Locale;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The ways a point in time is written in a record, as {@link ConvertTimestamps} reads and writes them.
 * Every conversion goes through an {@link Instant}; Connect's Date and Time are a day and a time of day
 * without a zone, placed in (and read back from) the configured zone.
 */
enum TimeFormat implements ConfigChoice {
    EPOCH_MILLIS("epoch_millis"),
    EPOCH_MICROS("epoch_micros"),
    ISO8601("iso8601"),
    PATTERN("pattern"),
    TIMESTAMP("timestamp"),
    DATE("date"),
    TIME("time");

    private static final long MILLIS_PER_DAY = 86_400_000L;
    // ISO-8601 as it appears in data: a date, optionally a time, optionally an offset or a [region]
    private static final DateTimeFormatter ISO_READER = new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .append(DateTimeFormatter.ISO_LOCAL_DATE)
        .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
        .optionalStart().appendOffsetId().optionalEnd()
        .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
        .toFormatter(Locale.ROOT);

    private final String configValue;

    TimeFormat(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }

    /** The format a field of this schema holds, for {@code from=auto}; {@code null} when none fits. */
    static TimeFormat of(Schema schema) {
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return TIMESTAMP;
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(schema.name())) {
            return DATE;
        }
        if (Time.LOGICAL_NAME.equals(schema.name())) {
            return TIME;
        }
        switch (schema.type()) {
            case STRING:
                return ISO8601;
            case INT64:
            case INT32:
                return EPOCH_MILLIS;
            default:
                return null;
        }
    }

    /** The format a schemaless value holds, for {@code from=auto}; {@code null} when none fits. */
    static TimeFormat of(Object value) {
        if (value instanceof Date) {
            return TIMESTAMP;
        }
        if (value instanceof String) {
            return ISO8601;
        }
        if (value instanceof Long || value instanceof Integer) {
            return EPOCH_MILLIS;
        }
        return null;
    }

    /** Whether a field of this schema can hold this format. */
    boolean fits(Schema schema) {
        switch (this) {
            case EPOCH_MILLIS:
            case EPOCH_MICROS:
                return schema.name() == null
                    && (schema.type() == Schema.Type.INT64 || schema.type() == Schema.Type.INT32);
            case ISO8601:
            case PATTERN:
                return schema.type() == Schema.Type.STRING;
            default:
                return this == of(schema);
        }
    }

    /** The schema of a field written in this format. */
    Schema schema(boolean optional) {
        SchemaBuilder builder;
        switch (this) {
            case EPOCH_MILLIS:
            case EPOCH_MICROS:
                builder = SchemaBuilder.int64();
                break;
            case ISO8601:
            case PATTERN:
                builder = SchemaBuilder.string();
                break;
            case TIMESTAMP:
                builder = Timestamp.builder();
                break;
            case DATE:
                builder = org.apache.kafka.connect.data.Date.builder();
                break;
            default:
                builder = Time.builder();
        }
        return optional ? builder.optional().build() : builder.build();
    }

    /**
     * Reads a value written in this format.
     *
     * @param pattern the formatter for {@link #PATTERN}
     * @throws DateTimeException or ClassCastException when the value does not hold this format
     */
    Instant read(Object value, ZoneId zone, DateTimeFormatter pattern) {
        switch (this) {
            case EPOCH_MILLIS:
                return Instant.ofEpochMilli(integer(value));
            case EPOCH_MICROS:
                long micros = integer(value);
                return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000L);
            case ISO8601:
                return resolve(ISO_READER.parse((String) value), zone);
            case PATTERN:
                return resolve(pattern.parse((String) value), zone);
            case TIMESTAMP:
                return ((Date) value).toInstant();
            case DATE:
                return LocalDate.ofEpochDay(Math.floorDiv(((Date) value).getTime(), MILLIS_PER_DAY))
                    .atStartOfDay(zone).toInstant();
            default:
                long millisOfDay = Math.floorMod(((Date) value).getTime(), MILLIS_PER_DAY);
                return LocalDate.EPOCH.atTime(LocalTime.ofNanoOfDay(millisOfDay * 1_000_000L)).atZone(zone).toInstant();
        }
    }

    /** Writes an instant in this format. */
    Object write(Instant instant, ZoneId zone, DateTimeFormatter pattern) {
        switch (this) {
            case EPOCH_MILLIS:
                return instant.toEpochMilli();
            case EPOCH_MICROS:
                return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1000L);
            case ISO8601:
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
            case PATTERN:
                return pattern.format(instant.atZone(zone));
            case TIMESTAMP:
                return new Date(instant.toEpochMilli());
            case DATE:
                return new Date(instant.atZone(zone).toLocalDate().toEpochDay() * MILLIS_PER_DAY);
            default:
                return new Date(instant.atZone(zone).toLocalTime().toNanoOfDay() / 1_000_000L);
        }
    }

    private static long integer(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        throw new ClassCastException();
    }

    // a pattern or ISO text without a zone is in the configured zone; without a time, at the start of the day
    private static Instant resolve(TemporalAccessor parsed, ZoneId zone) {
        LocalDate date = parsed.query(TemporalQueries.localDate());
        LocalTime time = parsed.query(TemporalQueries.localTime());
        ZoneId parsedZone = parsed.query(TemporalQueries.zone());
        if (date == null) {
            date = LocalDate.EPOCH;
        }
        return date.atTime(time == null ? LocalTime.MIDNIGHT : time).atZone(parsedZone == null ? zone : parsedZone)
            .toInstant();
    }
}
