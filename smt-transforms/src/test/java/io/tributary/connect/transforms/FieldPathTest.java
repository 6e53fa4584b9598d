package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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

class FieldPathTest {

    private static final Schema ADDRESS = SchemaBuilder.struct().name("Address").optional()
        .field("city", Schema.STRING_SCHEMA)
        .build();
    private static final Schema CUSTOMER = SchemaBuilder.struct().name("Customer")
        .field("id", Schema.INT64_SCHEMA)
        .field("address", ADDRESS)
        .build();

    @Test
    void splitsDottedPathIntoSegments() {
        FieldPath path = FieldPath.parse("address.city");

        assertEquals(List.of("address", "city"), path.segments());
        assertEquals("city", path.leaf());
        assertEquals(2, path.length());
        assertEquals("address.city", path.toString());
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertEquals("address.city", FieldPath.parse("  address.city ").toString());
    }

    @Test
    void rejectsEmptyPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldPath.parse(" "));
        assertEquals("a field path must not be empty", e.getMessage());
    }

    @Test
    void rejectsEmptySegment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FieldPath.parse("address..city"));
        assertEquals("field path 'address..city' has an empty segment", e.getMessage());
    }

    @Test
    void rejectsTrailingDot() {
        assertThrows(IllegalArgumentException.class, () -> FieldPath.parse("address."));
    }

    @Test
    void resolvesNestedFieldChainInSchema() {
        Field[] chain = FieldPath.parse("address.city").fieldsIn(CUSTOMER, "Test");

        assertArrayEquals(new Field[] {CUSTOMER.field("address"), ADDRESS.field("city")}, chain);
    }

    @Test
    void reportsMissingFieldInSchemaAsNull() {
        assertNull(FieldPath.parse("address.zip").fieldsIn(CUSTOMER, "Test"));
    }

    @Test
    void rejectsSchemaPathThroughNonStructField() {
        DataException e = assertThrows(DataException.class,
            () -> FieldPath.parse("id.value").fieldsIn(CUSTOMER, "Test"));

        assertEquals("Test: cannot resolve field 'id.value' because 'id' is INT64, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void readsValueThroughFieldChain() {
        Struct customer = customer("Lyon");
        Field[] chain = FieldPath.parse("address.city").fieldsIn(CUSTOMER, "Test");

        assertEquals("Lyon", FieldPath.valueAt(customer, chain));
    }

    @Test
    void readsNullThroughNullIntermediateStruct() {
        Struct customer = new Struct(CUSTOMER).put("id", 7L);
        Field[] chain = FieldPath.parse("address.city").fieldsIn(CUSTOMER, "Test");

        assertNull(FieldPath.valueAt(customer, chain));
    }

    @Test
    void resolvesNestedStructValue() {
        assertEquals("Lyon", FieldPath.parse("address.city").resolve(customer("Lyon"), "Test"));
    }

    @Test
    void resolvesNestedSchemalessMapValue() {
        Map<String, Object> value = Map.of("address", Map.of("city", "Lyon"));

        assertEquals("Lyon", FieldPath.parse("address.city").resolve(value, "Test"));
    }

    @Test
    void resolvesMapNestedInStruct() {
        Schema schema = SchemaBuilder.struct()
            .field("tags", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .build();
        Struct value = new Struct(schema).put("tags", Map.of("env", "prod"));

        assertEquals("prod", FieldPath.parse("tags.env").resolve(value, "Test"));
    }

    @Test
    void reportsMissingMapKeyAsAbsent() {
        assertSame(FieldPath.ABSENT, FieldPath.parse("address.zip").resolve(Map.of("address", Map.of()), "Test"));
    }

    @Test
    void reportsMissingStructFieldAsAbsent() {
        assertSame(FieldPath.ABSENT, FieldPath.parse("address.zip").resolve(customer("Lyon"), "Test"));
    }

    @Test
    void distinguishesNullMapValueFromMissingKey() {
        Map<String, Object> value = new HashMap<>();
        value.put("city", null);

        assertNull(FieldPath.parse("city").resolve(value, "Test"));
    }

    @Test
    void readsAbsentAsNullThroughValueIn() {
        assertNull(FieldPath.parse("zip").valueIn(Map.of("city", "Lyon"), "Test"));
    }

    @Test
    void rejectsValuePathThroughString() {
        DataException e = assertThrows(DataException.class,
            () -> FieldPath.parse("address.city.name").resolve(Map.of("address", Map.of("city", "Lyon")), "Mask"));

        assertEquals("Mask: cannot resolve field 'address.city.name' because 'address.city' is STRING, "
            + "not a Struct or a Map", e.getMessage());
    }

    @Test
    void rejectsRootThatIsNeitherStructNorMap() {
        DataException e = assertThrows(DataException.class, () -> FieldPath.parse("city").resolve(42, "Mask"));

        assertEquals("Mask: cannot resolve field 'city' because the record is INT32, not a Struct or a Map",
            e.getMessage());
    }

    private static Struct customer(String city) {
        return new Struct(CUSTOMER).put("id", 7L).put("address", new Struct(ADDRESS).put("city", city));
    }
}
