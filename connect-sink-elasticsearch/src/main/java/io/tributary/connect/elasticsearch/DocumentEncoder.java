package io.tributary.connect.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Turns Connect values into JSON bytes in one pass with a Jackson generator, so each document is
 * serialised once and the bulk request carries those bytes as they are. Logical types become what
 * Elasticsearch's date and number fields parse: Decimal a JSON number, Date {@code 2024-03-01}, Time
 * {@code 10:15:30.250}, Timestamp an ISO-8601 instant. One instance per task: it reuses its buffer.
 */
final class DocumentEncoder {

    static final String TIMESTAMP_FIELD = "@timestamp";

    /** No separator between root values: one generator writes document after document into the buffer. */
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    private static final SerializedString DOC = new SerializedString("doc");
    private static final SerializedString DOC_AS_UPSERT = new SerializedString("doc_as_upsert");
    private static final SerializedString TIMESTAMP = new SerializedString(TIMESTAMP_FIELD);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int MAX_CACHED_SCHEMAS = 512;
    /** Below this length Jackson's own character loop is as quick as the detour through bytes. */
    private static final int BYTES_PATH_MIN_LENGTH = 24;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(4096);
    /**
     * Lives as long as the encoder, so a document does not pay for setting up a generator; replaced after a
     * failure.
     */
    private JsonGenerator generator;
    /** Field names of each struct schema, encoded once; schemas are shared objects, so identity is enough. */
    private final Map<Schema, SerializedString[]> fieldNames = new IdentityHashMap<>();

    /**
     * The document for a record value: a Struct, a Map, or one JSON object as a String or bytes (checked
     * and re-written compactly, see {@link #copyJsonObject}).
     *
     * @param upsert    wrap it as the body of an update: {@code {"doc": ..., "doc_as_upsert": true}}
     * @param timestamp when not null, added as {@code @timestamp} to a Struct or Map that lacks one
     */
    byte[] encode(Schema schema, Object value, boolean upsert, Long timestamp) {
        if (value instanceof String || value instanceof byte[]) {
            byte[] json = value instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
            return write(generator -> {
                if (upsert) {
                    generator.writeStartObject();
                    generator.writeFieldName(DOC);
                }
                copyJsonObject(generator, json);
                if (upsert) {
                    generator.writeFieldName(DOC_AS_UPSERT);
                    generator.writeBoolean(true);
                    generator.writeEndObject();
                }
            });
        }
        if (!(value instanceof Struct) && !(value instanceof Map)) {
            throw new DataException("a " + describe(schema, value) + " value cannot be a document; it must be a "
                    + "Struct, a Map or a JSON object");
        }
        return write(generator -> {
            if (upsert) {
                generator.writeStartObject();
                generator.writeFieldName(DOC);
            }
            if (value instanceof Struct struct) {
                writeStruct(generator, struct, false, timestamp);
            } else {
                writeMap(generator, schema, (Map<?, ?>) value, false, timestamp);
            }
            if (upsert) {
                generator.writeFieldName(DOC_AS_UPSERT);
                generator.writeBoolean(true);
                generator.writeEndObject();
            }
        });
    }

    /** JSON with object keys sorted at every level: the same logical value always gives the same text. */
    String canonicalJson(Schema schema, Object value) {
        return new String(write(generator -> writeValue(generator, schema, value, true)), StandardCharsets.UTF_8);
    }

    private interface Body {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    private byte[] write(Body body) {
        boolean written = false;
        try {
            if (generator == null) {
                generator = JSON.createGenerator(buffer);
            }
            buffer.reset();
            body.writeTo(generator);
            generator.flush();
            written = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        } finally {
            if (!written) {
                // a value that could not be written leaves the generator inside an object: start afresh
                generator = null;
            }
        }
        return buffer.toByteArray();
    }

    /**
     * Re-writes JSON text that must be exactly one object, token by token, into the generator. The text is
     * never spliced into the bulk body as it came: the body is newline-delimited, so a value holding a line
     * break (pretty-printed, or crafted to carry a second action line) would otherwise change the request.
     * Re-writing leaves no whitespace between tokens, checks every string's encoding, and keeps numbers as
     * their exact text. The error names the position, never the content (values may be personal data).
     */
    private static void copyJsonObject(JsonGenerator generator, byte[] json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (firstToken(parser) != JsonToken.START_OBJECT) {
                throw new DataException("a string value must hold a JSON object to be a document");
            }
            int depth = 0;
            JsonToken token = JsonToken.START_OBJECT;
            do {
                switch (token) {
                    case START_OBJECT -> {
                        generator.writeStartObject();
                        depth++;
                    }
                    case END_OBJECT -> {
                        generator.writeEndObject();
                        depth--;
                    }
                    case START_ARRAY -> {
                        generator.writeStartArray();
                        depth++;
                    }
                    case END_ARRAY -> {
                        generator.writeEndArray();
                        depth--;
                    }
                    case FIELD_NAME -> generator.writeFieldName(parser.currentName());
                    case VALUE_STRING -> generator.writeString(parser.getTextCharacters(), parser.getTextOffset(),
                            parser.getTextLength());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
                    case VALUE_TRUE -> generator.writeBoolean(true);
                    case VALUE_FALSE -> generator.writeBoolean(false);
                    case VALUE_NULL -> generator.writeNull();
                    default -> throw new DataException("a string value holds a JSON token Elasticsearch cannot take: "
                            + token);
                }
                token = depth == 0 ? null : parser.nextToken();
            } while (token != null);
            if (depth != 0) {
                throw new DataException("a string value holds a JSON object that is cut short");
            }
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new DataException("a string value must hold exactly one JSON object to be a document; more "
                        + "follows it at line " + at.getLineNr() + ", column " + at.getColumnNr());
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new DataException("a string value is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
    }

    private static JsonToken firstToken(JsonParser parser) throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void writeStruct(JsonGenerator generator, Struct struct, boolean sorted, Long timestamp)
            throws IOException {
        Schema schema = struct.schema();
        List<Field> fields = schema.fields();
        generator.writeStartObject();
        if (sorted) {
            List<Field> ordered = new ArrayList<>(fields);
            ordered.sort(Comparator.comparing(Field::name));
            for (Field field : ordered) {
                generator.writeFieldName(field.name());
                writeValue(generator, field.schema(), struct.get(field), true);
            }
        } else {
            SerializedString[] names = namesOf(schema);
            for (int i = 0; i < names.length; i++) {
                Field field = fields.get(i);
                generator.writeFieldName(names[i]);
                writeValue(generator, field.schema(), struct.get(field), false);
            }
        }
        if (timestamp != null && schema.field(TIMESTAMP_FIELD) == null) {
            generator.writeFieldName(TIMESTAMP);
            generator.writeNumber(timestamp);
        }
        generator.writeEndObject();
    }

    private SerializedString[] namesOf(Schema schema) {
        SerializedString[] names = fieldNames.get(schema);
        if (names == null) {
            if (fieldNames.size() >= MAX_CACHED_SCHEMAS) {
                fieldNames.clear();
            }
            List<Field> fields = schema.fields();
            names = new SerializedString[fields.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = new SerializedString(fields.get(i).name());
            }
            fieldNames.put(schema, names);
        }
        return names;
    }

    private void writeMap(JsonGenerator generator, Schema schema, Map<?, ?> map, boolean sorted, Long timestamp)
            throws IOException {
        Schema valueSchema = schema == null ? null : schema.valueSchema();
        generator.writeStartObject();
        Map<?, ?> entries = sorted ? sortedByKey(map) : map;
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            generator.writeFieldName(keyText(entry.getKey()));
            writeValue(generator, valueSchema, entry.getValue(), sorted);
        }
        if (timestamp != null && !map.containsKey(TIMESTAMP_FIELD)) {
            generator.writeFieldName(TIMESTAMP);
            generator.writeNumber(timestamp);
        }
        generator.writeEndObject();
    }

    private static Map<String, ?> sortedByKey(Map<?, ?> map) {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((key, value) -> sorted.put(keyText(key), value));
        return sorted;
    }

    private static String keyText(Object key) {
        if (key == null) {
            throw new DataException("a map key is null; JSON object keys cannot be");
        }
        if (key instanceof Map || key instanceof Collection || key instanceof Struct) {
            throw new DataException("a map key is a " + key.getClass().getSimpleName() + "; JSON object keys must be "
                    + "strings, numbers or booleans");
        }
        return key.toString();
    }

    private void writeValue(JsonGenerator generator, Schema schema, Object value, boolean sorted) throws IOException {
        if (value == null) {
            generator.writeNull();
            return;
        }
        if (schema == null) {
            writeSchemaless(generator, value, sorted);
            return;
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    generator.writeNumber((BigDecimal) value);
                    return;
                }
                case Date.LOGICAL_NAME -> {
                    generator.writeString(dateText((java.util.Date) value));
                    return;
                }
                case Time.LOGICAL_NAME -> {
                    generator.writeString(timeText((java.util.Date) value));
                    return;
                }
                case Timestamp.LOGICAL_NAME -> {
                    generator.writeString(Instant.ofEpochMilli(((java.util.Date) value).getTime()).toString());
                    return;
                }
                default -> {
                    // other logical types are carried by their physical type
                }
            }
        }
        switch (schema.type()) {
            case INT8, INT16, INT32 -> generator.writeNumber(((Number) value).intValue());
            case INT64 -> generator.writeNumber(((Number) value).longValue());
            case FLOAT32 -> generator.writeNumber(((Number) value).floatValue());
            case FLOAT64 -> generator.writeNumber(((Number) value).doubleValue());
            case BOOLEAN -> generator.writeBoolean((Boolean) value);
            case STRING -> writeText(generator, value.toString());
            case BYTES -> writeBytes(generator, value);
            case ARRAY -> {
                generator.writeStartArray();
                for (Object element : (Collection<?>) value) {
                    writeValue(generator, schema.valueSchema(), element, sorted);
                }
                generator.writeEndArray();
            }
            case MAP -> writeMap(generator, schema, (Map<?, ?>) value, sorted, null);
            case STRUCT -> writeStruct(generator, (Struct) value, sorted, null);
            default -> throw new DataException("unsupported Connect type " + schema.type());
        }
    }

    private void writeSchemaless(JsonGenerator generator, Object value, boolean sorted) throws IOException {
        if (value instanceof String text) {
            writeText(generator, text);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            generator.writeNumber(number);
        } else if (value instanceof Float number) {
            generator.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            generator.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            generator.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(generator, null, map, sorted, null);
        } else if (value instanceof Collection<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                writeSchemaless(generator, element, sorted);
            }
            generator.writeEndArray();
        } else if (value instanceof Struct struct) {
            writeStruct(generator, struct, sorted, null);
        } else if (value instanceof byte[] || value instanceof ByteBuffer) {
            writeBytes(generator, value);
        } else if (value instanceof java.util.Date date) {
            generator.writeString(Instant.ofEpochMilli(date.getTime()).toString());
        } else {
            throw new DataException("cannot turn a " + value.getClass().getName() + " into JSON");
        }
    }

    /**
     * A string value. Long ASCII text that needs no escaping goes in as bytes: the JDK encodes such a string
     * with a bulk copy, and one pass over the bytes proves it needs no escape; anything else (control
     * characters, quotes, backslashes, non-ASCII, question marks: see {@link #needsEscaping}) is left to
     * Jackson, which escapes what must be.
     */
    private static void writeText(JsonGenerator generator, String text) throws IOException {
        if (text.length() < BYTES_PATH_MIN_LENGTH) {
            generator.writeString(text);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != text.length() || needsEscaping(bytes)) {
            generator.writeString(text);
            return;
        }
        generator.writeRawUTF8String(bytes, 0, bytes.length);
    }

    /**
     * Whether any byte is a control character, a quote, a backslash, not ASCII, or a question mark: the JDK
     * writes one for a lone surrogate, which Jackson would escape instead (so text holding a real one takes
     * Jackson's path too, to be safe). Eight bytes at a time: a byte with its high bit set is not ASCII;
     * among ASCII bytes, {@code (x - n * ONES) & ~x & HIGH_BITS} is not zero exactly when a byte is below n,
     * and a byte equal to c is a zero byte of {@code x ^ c * ONES}.
     */
    static boolean needsEscaping(byte[] bytes) {
        int i = 0;
        for (int end = bytes.length - Long.BYTES; i <= end; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i);
            long quote = x ^ ('"' * ONES);
            long backslash = x ^ ('\\' * ONES);
            long question = x ^ ('?' * ONES);
            long flags = x
                    | ((x - 0x20 * ONES) & ~x)
                    | ((quote - ONES) & ~quote)
                    | ((backslash - ONES) & ~backslash)
                    | ((question - ONES) & ~question);
            if ((flags & HIGH_BITS) != 0) {
                return true;
            }
        }
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\' || b == '?') {
                return true;
            }
        }
        return false;
    }

    private static void writeBytes(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            generator.writeBinary(bytes);
        } else {
            generator.writeBinary((byte[]) value);
        }
    }

    static String dateText(java.util.Date date) {
        return LocalDate.ofEpochDay(Math.floorDiv(date.getTime(), MILLIS_PER_DAY)).toString();
    }

    static String timeText(java.util.Date time) {
        return LocalTime.ofNanoOfDay(Math.floorMod(time.getTime(), MILLIS_PER_DAY) * 1_000_000L).format(TIME);
    }

    private static String describe(Schema schema, Object value) {
        if (schema != null) {
            return schema.type().toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
