package io.tributary.connect.common.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class EnvelopePathTest {

    private static final Schema SOURCE = SchemaBuilder.struct().name("Source").optional()
        .field("table", Schema.STRING_SCHEMA)
        .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("Envelope")
        .field("op", Schema.STRING_SCHEMA)
        .field("source", SOURCE)
        .build();

    @Test
    void splitsDottedPathIntoSegments() {
        EnvelopePath path = EnvelopePath.parse("source.table");

        assertEquals(List.of("source", "table"), path.segments());
        assertEquals("source.table", path.toString());
    }

    @Test
    void flattensSegmentsWithUnderscores() {
        assertEquals("source_ts_ms", EnvelopePath.parse("source.ts_ms").flatName());
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertEquals("source.table", EnvelopePath.parse("  source.table ").toString());
    }

    @Test
    void rejectsEmptyPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvelopePath.parse(" "));
        assertEquals("a field path must not be empty", e.getMessage());
    }

    @Test
    void rejectsEmptySegment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> EnvelopePath.parse("source..table"));
        assertEquals("field path 'source..table' has an empty segment", e.getMessage());
    }

    @Test
    void rejectsTrailingDot() {
        assertThrows(IllegalArgumentException.class, () -> EnvelopePath.parse("source."));
    }

    @Test
    void resolvesNestedFieldChainInSchema() {
        Field[] chain = EnvelopePath.parse("source.table").fieldsIn(ENVELOPE, "Test");

        assertArrayEquals(new Field[] {ENVELOPE.field("source"), SOURCE.field("table")}, chain);
    }

    @Test
    void reportsMissingFieldInSchemaAsNull() {
        assertNull(EnvelopePath.parse("source.lsn").fieldsIn(ENVELOPE, "Test"));
    }

    @Test
    void rejectsSchemaPathThroughNonStructField() {
        DataException e = assertThrows(DataException.class,
            () -> EnvelopePath.parse("op.value").fieldsIn(ENVELOPE, "Test"));

        assertEquals("Test: cannot resolve field 'op.value' because 'op' is STRING, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void readsValueThroughFieldChain() {
        Field[] chain = EnvelopePath.parse("source.table").fieldsIn(ENVELOPE, "Test");

        assertEquals("customers", EnvelopePath.valueAt(envelope("customers"), chain));
    }

    @Test
    void readsNullThroughNullIntermediateStruct() {
        Struct envelope = new Struct(ENVELOPE).put("op", "c");
        Field[] chain = EnvelopePath.parse("source.table").fieldsIn(ENVELOPE, "Test");

        assertNull(EnvelopePath.valueAt(envelope, chain));
    }

    @Test
    void readsNestedStructValue() {
        assertEquals("customers", EnvelopePath.parse("source.table").valueIn(envelope("customers"), "Test"));
    }

    @Test
    void readsNestedSchemalessMapValue() {
        Map<String, Object> value = Map.of("source", Map.of("table", "customers"));

        assertEquals("customers", EnvelopePath.parse("source.table").valueIn(value, "Test"));
    }

    @Test
    void readsMissingMapKeyAsNull() {
        assertNull(EnvelopePath.parse("source.lsn").valueIn(Map.of("source", Map.of()), "Test"));
    }

    @Test
    void readsMissingStructFieldAsNull() {
        assertNull(EnvelopePath.parse("source.lsn").valueIn(envelope("customers"), "Test"));
    }

    @Test
    void readsNullMapValueAsNull() {
        Map<String, Object> value = new HashMap<>();
        value.put("source", null);

        assertNull(EnvelopePath.parse("source.table").valueIn(value, "Test"));
    }

    @Test
    void rejectsValuePathThroughString() {
        DataException e = assertThrows(DataException.class,
            () -> EnvelopePath.parse("source.table.name").valueIn(Map.of("source", Map.of("table", "t")), "Test"));

        assertEquals("Test: cannot resolve field 'source.table.name' because 'source.table' is STRING, "
            + "not a Struct or a Map", e.getMessage());
    }

    @Test
    void rejectsRootThatIsNeitherStructNorMap() {
        DataException e = assertThrows(DataException.class, () -> EnvelopePath.parse("op").valueIn(42, "Test"));

        assertEquals("Test: cannot resolve field 'op' because the record is INT32, not a Struct or a Map",
            e.getMessage());
    }

    private static Struct envelope(String table) {
        return new Struct(ENVELOPE).put("op", "c").put("source", new Struct(SOURCE).put("table", table));
    }
}
