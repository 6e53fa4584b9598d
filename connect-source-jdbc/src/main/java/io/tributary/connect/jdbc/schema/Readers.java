package io.tributary.connect.jdbc.schema;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/** The column mappings every database shares, each with a reader that makes no extra copy. */
final class Readers {

    private Readers() {
    }

    static Schema named(SchemaBuilder builder, String name, boolean optional) {
        builder.name(name);
        return optional ? builder.optional().build() : builder.build();
    }

    private static Schema of(SchemaBuilder builder, boolean optional) {
        return optional ? builder.optional().build() : builder.build();
    }

    static ColumnMapping bool(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.bool(), optional), (rs, i) -> {
            boolean value = rs.getBoolean(i);
            return rs.wasNull() ? null : value;
        });
    }

    static ColumnMapping int8(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.int8(), optional), (rs, i) -> {
            byte value = rs.getByte(i);
            return rs.wasNull() ? null : value;
        });
    }

    static ColumnMapping int16(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.int16(), optional), (rs, i) -> {
            short value = rs.getShort(i);
            return rs.wasNull() ? null : value;
        });
    }

    static ColumnMapping int32(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.int32(), optional), (rs, i) -> {
            int value = rs.getInt(i);
            return rs.wasNull() ? null : value;
        });
    }

    static ColumnMapping int64(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.int64(), optional), (rs, i) -> {
            long value = rs.getLong(i);
            return rs.wasNull() ? null : value;
        });
    }

    static ColumnMapping float32(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.float32(), optional), (rs, i) -> {
            float value = rs.getFloat(i);
            return rs.wasNull() ? null : value;
        });
    }

    static ColumnMapping float64(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.float64(), optional), (rs, i) -> {
            double value = rs.getDouble(i);
            return rs.wasNull() ? null : value;
        });
    }

    static ColumnMapping string(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.string(), optional), (rs, i) -> rs.getString(i));
    }

    static ColumnMapping namedString(String name, boolean optional) {
        return new ColumnMapping(named(SchemaBuilder.string(), name, optional), (rs, i) -> rs.getString(i));
    }

    static ColumnMapping bytes(boolean optional) {
        return new ColumnMapping(of(SchemaBuilder.bytes(), optional), (rs, i) -> rs.getBytes(i));
    }

    static ColumnMapping date(boolean optional) {
        return new ColumnMapping(of(org.apache.kafka.connect.data.Date.builder(), optional), (rs, i) -> {
            LocalDate value = rs.getObject(i, LocalDate.class);
            return value == null ? null : TemporalValues.date(value);
        });
    }

    static ColumnMapping time(boolean optional) {
        return new ColumnMapping(of(Time.builder(), optional), (rs, i) -> {
            LocalTime value = rs.getObject(i, LocalTime.class);
            return value == null ? null : TemporalValues.time(value);
        });
    }

    /** A timestamp without zone, read as wall-clock time in the database's zone. */
    static ColumnMapping localTimestamp(boolean optional, ZoneId zone) {
        return new ColumnMapping(of(Timestamp.builder(), optional), (rs, i) -> {
            LocalDateTime value = rs.getObject(i, LocalDateTime.class);
            return value == null ? null : TemporalValues.timestamp(value, zone);
        });
    }

    static ColumnMapping offsetTimestamp(boolean optional) {
        return new ColumnMapping(of(Timestamp.builder(), optional), (rs, i) -> {
            OffsetDateTime value = rs.getObject(i, OffsetDateTime.class);
            return value == null ? null : TemporalValues.timestamp(value);
        });
    }
}
