package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ParseJsonTest {

    private static final Schema META = SchemaBuilder.struct().name("Meta").optional()
        .field("attributes", Schema.OPTIONAL_STRING_SCHEMA)
        .build();
    private static final Schema PRODUCT = SchemaBuilder.struct().name("Product")
        .field("id", Schema.INT64_SCHEMA)
        .field("attributes", Schema.OPTIONAL_STRING_SCHEMA)
        .field("meta", META)
        .build();
    private static final String ATTRIBUTES = "{\"color\":\"red\",\"size\":42,\"weight\":1.5,\"tags\":[\"a\",\"b\"],"
        + "\"dims\":{\"w\":1,\"h\":2},\"sale\":true,\"note\":null}";

    private static final Schema DIMS = SchemaBuilder.struct().optional()
        .field("w", Schema.OPTIONAL_INT64_SCHEMA).field("h", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ATTRIBUTES_SCHEMA = SchemaBuilder.struct().optional()
        .field("color", Schema.OPTIONAL_STRING_SCHEMA)
        .field("size", Schema.OPTIONAL_INT64_SCHEMA)
        .field("weight", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
        .field("dims", DIMS)
        .field("sale", Schema.OPTIONAL_BOOLEAN_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .build();

    @Test
    void parsesStringFieldIntoStructWithInferredSchema() {
        SourceRecord out = value("attributes").apply(record(PRODUCT, product(ATTRIBUTES)));

        Struct attributes = ((Struct) out.value()).getStruct("attributes");
        assertEquals(ATTRIBUTES_SCHEMA, attributes.schema());
        assertEquals(new Struct(ATTRIBUTES_SCHEMA).put("color", "red").put("size", 42L).put("weight", 1.5)
            .put("tags", List.of("a", "b")).put("dims", new Struct(DIMS).put("w", 1L).put("h", 2L))
            .put("sale", true).put("note", null), attributes);
        assertEquals(ATTRIBUTES_SCHEMA, out.valueSchema().field("attributes").schema());
        assertEquals("Product", out.valueSchema().name());
        assertEquals(42L, ((Struct) out.value()).get("id"));
    }

    @Test
    void reusesSchemasForDocumentsOfOneShape() {
        ParseJson<SourceRecord> transform = value("attributes");

        SourceRecord first = transform.apply(record(PRODUCT, product("{\"a\":1,\"b\":\"x\"}")));
        SourceRecord second = transform.apply(record(PRODUCT, product("{\"a\":2,\"b\":\"y\"}")));

        assertSame(first.valueSchema(), second.valueSchema());
        assertSame(((Struct) first.value()).getStruct("attributes").schema(),
            ((Struct) second.value()).getStruct("attributes").schema());
    }

    @Test
    void givesDocumentsOfAnotherShapeAnotherSchema() {
        ParseJson<SourceRecord> transform = value("attributes");

        Schema first = transform.apply(record(PRODUCT, product("{\"a\":1}"))).valueSchema();
        Schema second = transform.apply(record(PRODUCT, product("{\"a\":\"one\"}"))).valueSchema();

        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, first.field("attributes").schema().field("a").schema());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, second.field("attributes").schema().field("a").schema());
    }

    @Test
    void mergesArrayElementsOfDifferentShapes() {
        SourceRecord out = value("attributes")
            .apply(record(PRODUCT, product("{\"items\":[{\"n\":1},{\"n\":2.5,\"m\":\"x\"},null]}")));

        Struct attributes = ((Struct) out.value()).getStruct("attributes");
        Schema item = attributes.schema().field("items").schema().valueSchema();
        assertEquals(Schema.OPTIONAL_FLOAT64_SCHEMA, item.field("n").schema());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, item.field("m").schema());
        List<?> items = attributes.getArray("items");
        assertEquals(new Struct(item).put("n", 1.0), items.get(0));
        assertEquals(new Struct(item).put("n", 2.5).put("m", "x"), items.get(1));
        assertNull(items.get(2));
    }

    @Test
    void parsesNestedField() {
        Struct value = product(null).put("meta", new Struct(META).put("attributes", "{\"k\":\"v\"}"));

        SourceRecord out = value("meta.attributes").apply(record(PRODUCT, value));

        Struct meta = ((Struct) out.value()).getStruct("meta");
        assertEquals("v", meta.getStruct("attributes").get("k"));
        assertEquals("Meta", meta.schema().name());
        assertEquals(true, meta.schema().isOptional());
    }

    @Test
    void passesNullFieldUnchanged() {
        SourceRecord in = record(PRODUCT, product(null));

        assertSame(in, value("attributes").apply(in));
        assertSame(in, value("meta.attributes").apply(in));
    }

    @Test
    void passesStructWithoutTheFieldUnchanged() {
        Schema other = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        SourceRecord in = record(other, new Struct(other).put("id", 1L));

        assertSame(in, value("attributes").apply(in));
    }

    @Test
    void passesTombstoneUnchanged() {
        SourceRecord in = record(PRODUCT, null);

        assertSame(in, value("attributes").apply(in));
    }

    @Test
    void parsesSchemalessFieldIntoMap() {
        Map<String, Object> value = new HashMap<>();
        value.put("id", 1L);
        value.put("attributes", "{\"color\":\"red\",\"size\":42,\"tags\":[1,2.5],\"dims\":{\"w\":1}}");

        SourceRecord out = value("attributes").apply(record(null, value));

        Map<String, Object> expected = Map.of("color", "red", "size", 42L, "tags", List.of(1L, 2.5),
            "dims", Map.of("w", 1L));
        assertEquals(expected, ((Map<?, ?>) out.value()).get("attributes"));
        assertEquals(1L, ((Map<?, ?>) out.value()).get("id"));
        assertEquals("{\"color\":\"red\",\"size\":42,\"tags\":[1,2.5],\"dims\":{\"w\":1}}", value.get("attributes"));
    }

    @Test
    void parsesNestedSchemalessField() {
        Map<String, Object> value = Map.of("meta", Map.of("attributes", "[true,null]"));

        SourceRecord out = value("meta.attributes").apply(record(null, value));

        assertEquals(Arrays.asList(true, null), ((Map<?, ?>) ((Map<?, ?>) out.value()).get("meta")).get("attributes"));
    }

    @Test
    void passesSchemalessRecordWithoutFieldUnchanged() {
        SourceRecord in = record(null, Map.of("id", 1L));

        assertSame(in, value("meta.attributes").apply(in));
    }

    @Test
    void parsesWholeValueWithSchema() {
        SourceRecord out = value("").apply(record(Schema.STRING_SCHEMA, "{\"a\":[1,2]}"));

        Schema expected = SchemaBuilder.struct().optional()
            .field("a", SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build()).build();
        assertEquals(expected, out.valueSchema());
        assertEquals(new Struct(expected).put("a", List.of(1L, 2L)), out.value());
    }

    @Test
    void parsesWholeSchemalessValue() {
        SourceRecord out = value("").apply(record(null, "{\"a\":\"b\"}"));

        assertEquals(Map.of("a", "b"), out.value());
        assertNull(out.valueSchema());
    }

    @Test
    void parsesWholeKey() {
        ParseJson<SourceRecord> transform = new ParseJson.Key<>();
        transform.configure(Map.of());
        SourceRecord in = new SourceRecord(null, null, "t", 0, Schema.STRING_SCHEMA, "{\"id\":7}", Schema.STRING_SCHEMA,
            "{\"id\":7}");

        SourceRecord out = transform.apply(in);

        assertEquals(7L, ((Struct) out.key()).get("id"));
        assertEquals("{\"id\":7}", out.value());
    }

    @Test
    void parsesKeyField() {
        ParseJson<SourceRecord> transform = new ParseJson.Key<>();
        transform.configure(Map.of("field", "attributes"));
        SourceRecord in = new SourceRecord(null, null, "t", 0, PRODUCT, product("{\"k\":1}"), null, null);

        SourceRecord out = transform.apply(in);

        assertEquals(1L, ((Struct) out.key()).getStruct("attributes").get("k"));
    }

    @Test
    void mapsJsonNullOfWholeValueToNull() {
        SourceRecord out = value("").apply(record(Schema.STRING_SCHEMA, "null"));

        assertNull(out.value());
    }

    @Test
    void keepsIntegersBeyondSixtyFourBitsAsDoubles() {
        SourceRecord out = value("").apply(record(null, "{\"n\":123456789012345678901234567890}"));

        assertEquals(1.2345678901234568E29, ((Map<?, ?>) out.value()).get("n"));
    }

    @Test
    void failsOnInvalidJson() {
        DataException e = assertThrows(DataException.class,
            () -> value("attributes").apply(record(PRODUCT, product("{\"a\":"))));

        assertEquals(true, e.getMessage().startsWith("ParseJson: field 'attributes' of the record value is not valid "
            + "JSON: "), e.getMessage());
    }

    @Test
    void failsOnTrailingGarbage() {
        assertThrows(DataException.class, () -> value("").apply(record(null, "{} {}")));
    }

    @Test
    void failsOnArrayMixingTypes() {
        DataException e = assertThrows(DataException.class,
            () -> value("attributes").apply(record(PRODUCT, product("{\"a\":[1,\"x\"]}"))));

        assertEquals("ParseJson: field 'attributes' of the record value has no schema that fits it: an array mixes "
            + "INT64 and STRING elements", e.getMessage());
    }

    @Test
    void failsOnFieldThatIsNotAString() {
        DataException e = assertThrows(DataException.class, () -> value("id").apply(record(PRODUCT, product("{}"))));

        assertEquals("ParseJson: field 'id' of the record value must be a JSON string, but it is INT64",
            e.getMessage());
    }

    @Test
    void failsOnSchemalessFieldThatIsNotAString() {
        DataException e = assertThrows(DataException.class,
            () -> value("attributes").apply(record(null, Map.of("attributes", 1L))));

        assertEquals("ParseJson: field 'attributes' of the record value must be a JSON string, but it is INT64",
            e.getMessage());
    }

    @Test
    void failsOnPathThroughPrimitive() {
        DataException e = assertThrows(DataException.class,
            () -> value("id.x").apply(record(null, Map.of("id", 1L))));

        assertEquals("ParseJson: cannot resolve field 'id.x' because 'id' is INT64, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void failsOnWholeValueThatIsNotAString() {
        DataException e = assertThrows(DataException.class, () -> value("").apply(record(PRODUCT, product("{}"))));

        assertEquals("ParseJson: the record value must be a JSON string, but its schema is STRUCT (Product)",
            e.getMessage());
    }

    @Test
    void failsOnSchemalessValueThatIsNotAMap() {
        DataException e = assertThrows(DataException.class, () -> value("a").apply(record(null, "text")));

        assertEquals("ParseJson: the record value has no schema, so it must be a Map, but it is STRING",
            e.getMessage());
    }

    @Test
    void rejectsBadFieldPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> value("a..b"));

        assertEquals("Invalid value a..b for configuration field: field path 'a..b' has an empty segment",
            e.getMessage());
    }

    @Test
    void documentsEveryConfigKey() {
        ParseJson.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    private static ParseJson<SourceRecord> value(String field) {
        ParseJson<SourceRecord> transform = new ParseJson.Value<>();
        transform.configure(Map.of("field", field));
        return transform;
    }

    private static Struct product(String attributes) {
        return new Struct(PRODUCT).put("id", 42L).put("attributes", attributes);
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "products", 0, null, null, schema, value);
    }
}
