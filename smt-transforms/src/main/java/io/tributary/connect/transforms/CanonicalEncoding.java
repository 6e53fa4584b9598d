package io.tributary.connect.transforms;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A byte encoding of Connect values that depends only on the data, so that its hash is the same on
 * every JVM, every run and every converter. It never uses {@code hashCode()}, iteration order of
 * unordered maps, or platform defaults.
 *
 * <p>Each value is a one-byte tag followed by its content; variable-length content is prefixed with its
 * length, so a concatenation of encodings is unambiguous:
 * <ul>
 * <li>{@code 0x00} null
 * <li>{@code 0x01} boolean, one byte 0 or 1
 * <li>{@code 0x02} any integer type (INT8 to INT64), as a big-endian 8-byte long, so widening a column
 *     from INT32 to INT64 or a JSON number read as Integer or Long gives the same bytes
 * <li>{@code 0x03} FLOAT32 or FLOAT64, as the 8 IEEE-754 bytes of the double value, -0.0 read as 0.0
 * <li>{@code 0x04} string, 4-byte length and UTF-8 bytes
 * <li>{@code 0x05} bytes, 4-byte length and the bytes
 * <li>{@code 0x06} decimal without trailing zeros (1.50 = 1.5): 4-byte scale, then the unscaled value's
 *     two's-complement bytes, length-prefixed
 * <li>{@code 0x07} Date, Time or Timestamp, 8-byte milliseconds since the epoch
 * <li>{@code 0x08} array, 4-byte count and the elements in order
 * <li>{@code 0x09} map or Struct, 4-byte count and the entries (key, then value) sorted by the encoded
 *     key bytes, unsigned; a Struct is the map of its field names, so it encodes like the same data
 *     without a schema
 * </ul>
 */
final class CanonicalEncoding {

    private static final byte NULL = 0x00;
    private static final byte BOOLEAN = 0x01;
    private static final byte INTEGER = 0x02;
    private static final byte FLOATING = 0x03;
    private static final byte STRING = 0x04;
    private static final byte BYTES = 0x05;
    private static final byte DECIMAL = 0x06;
    private static final byte INSTANT = 0x07;
    private static final byte ARRAY = 0x08;
    private static final byte MAP = 0x09;

    private CanonicalEncoding() {
    }

    /**
     * Appends the encoding of {@code value} to {@code out}.
     *
     * @throws IllegalArgumentException naming the Java type when it is not a Connect data type
     */
    static void write(Object value, ByteArrayOutputStream out) {
        if (value == null) {
            out.write(NULL);
        } else if (value instanceof String string) {
            out.write(STRING);
            writeBytes(string.getBytes(StandardCharsets.UTF_8), out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
            || value instanceof Byte) {
            out.write(INTEGER);
            writeLong(((Number) value).longValue(), out);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.write(FLOATING);
            writeLong(Double.doubleToLongBits(d == 0.0 ? 0.0 : d), out);
        } else if (value instanceof Boolean bool) {
            out.write(BOOLEAN);
            out.write(bool ? 1 : 0);
        } else if (value instanceof byte[] bytes) {
            out.write(BYTES);
            writeBytes(bytes, out);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            // duplicate() so the caller's buffer position is left alone
            buffer.duplicate().get(bytes);
            out.write(BYTES);
            writeBytes(bytes, out);
        } else if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
            out.write(DECIMAL);
            writeInt(stripped.scale(), out);
            writeBytes(stripped.unscaledValue().toByteArray(), out);
        } else if (value instanceof Date date) {
            out.write(INSTANT);
            writeLong(date.getTime(), out);
        } else if (value instanceof List<?> list) {
            out.write(ARRAY);
            writeInt(list.size(), out);
            for (Object element : list) {
                write(element, out);
            }
        } else if (value instanceof Map<?, ?> map) {
            List<byte[][]> entries = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                entries.add(new byte[][] {encode(entry.getKey()), encode(entry.getValue())});
            }
            writeEntries(entries, out);
        } else if (value instanceof Struct struct) {
            List<Field> fields = struct.schema().fields();
            List<byte[][]> entries = new ArrayList<>(fields.size());
            for (Field field : fields) {
                entries.add(new byte[][] {encode(field.name()), encode(struct.get(field))});
            }
            writeEntries(entries, out);
        } else {
            throw new IllegalArgumentException(value.getClass().getName() + " is not a Connect data type");
        }
    }

    private static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    private static void writeEntries(List<byte[][]> entries, ByteArrayOutputStream out) {
        entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        out.write(MAP);
        writeInt(entries.size(), out);
        for (byte[][] entry : entries) {
            out.writeBytes(entry[0]);
            out.writeBytes(entry[1]);
        }
    }

    private static void writeBytes(byte[] bytes, ByteArrayOutputStream out) {
        writeInt(bytes.length, out);
        out.writeBytes(bytes);
    }

    private static void writeInt(int value, ByteArrayOutputStream out) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void writeLong(long value, ByteArrayOutputStream out) {
        writeInt((int) (value >>> 32), out);
        writeInt((int) value, out);
    }
}
