package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RouteByFieldTest {

    private static final Schema ADDRESS = SchemaBuilder.struct().name("Address").optional()
        .field("region", Schema.OPTIONAL_STRING_SCHEMA)
        .build();
    private static final Schema ORDER = SchemaBuilder.struct().name("Order")
        .field("id", Schema.INT64_SCHEMA)
        .field("region", Schema.OPTIONAL_STRING_SCHEMA)
        .field("amount", Decimal.builder(2).optional().build())
        .field("address", ADDRESS)
        .build();
    private static final Schema KEY = SchemaBuilder.struct().field("tenant", Schema.STRING_SCHEMA).build();

    @Test
    void routesByValueField() {
        SourceRecord out = route(Map.of("topic.template", "${topic}.${field:region}"))
            .apply(record(ORDER, order("eu")));

        assertEquals("orders.eu", out.topic());
        assertEquals(order("eu"), out.value());
        assertEquals(3, out.kafkaPartition());
        assertEquals(99L, out.timestamp());
    }

    @Test
    void routesByNestedField() {
        Struct order = order("eu").put("address", new Struct(ADDRESS).put("region", "north"));

        SourceRecord out = route(Map.of("topic.template", "${field:address.region}-orders"))
            .apply(record(ORDER, order));

        assertEquals("north-orders", out.topic());
    }

    @Test
    void routesByKeyFieldAndWholeKey() {
        SourceRecord keyed = new SourceRecord(null, null, "orders", 0, KEY, new Struct(KEY).put("tenant", "acme"),
            ORDER, order("eu"));
        SourceRecord bare = new SourceRecord(null, null, "orders", 0, Schema.INT64_SCHEMA, 7L, ORDER, order("eu"));

        assertEquals("acme.orders", route(Map.of("topic.template", "${key:tenant}.${topic}")).apply(keyed).topic());
        assertEquals("orders-7", route(Map.of("topic.template", "${topic}-${key}")).apply(bare).topic());
    }

    @Test
    void routesSchemalessRecord() {
        SourceRecord out = route(Map.of("topic.template", "${topic}.${field:address.region}"))
            .apply(record(null, Map.of("address", Map.of("region", "apac"))));

        assertEquals("orders.apac", out.topic());
    }

    @Test
    void writesNumbersAndBooleansAsText() {
        Struct order = order("eu").put("amount", new BigDecimal("12.50"));
        Map<String, Object> schemaless = Map.of("vip", true, "id", 42L);

        assertEquals("orders.12.50", route(Map.of("topic.template", "${topic}.${field:amount}"))
            .apply(record(ORDER, order)).topic());
        assertEquals("vip-true-42", route(Map.of("topic.template", "vip-${field:vip}-${field:id}"))
            .apply(record(null, schemaless)).topic());
    }

    @Test
    void replacesCharactersTopicsCannotHave() {
        SourceRecord out = route(Map.of("topic.template", "${topic}.${field:region}"))
            .apply(record(ORDER, order("eu west/1")));

        assertEquals("orders.eu_west_1", out.topic());
    }

    @Test
    void failsOnIllegalCharactersWhenNotSanitizing() {
        DataException e = assertThrows(DataException.class,
            () -> route(Map.of("topic.template", "${field:region}", "sanitize", "false"))
                .apply(record(ORDER, order("eu west"))));

        assertEquals("RouteByField: ${field:region} is 'eu west', which has characters a topic name cannot have; "
            + "set sanitize=true to replace them", e.getMessage());
    }

    @Test
    void failsOnNullFieldByDefault() {
        DataException e = assertThrows(DataException.class,
            () -> route(Map.of("topic.template", "${topic}.${field:region}")).apply(record(ORDER, order(null))));

        assertEquals("RouteByField: ${field:region} is missing or null; set on.missing to skip or default to route "
            + "such records", e.getMessage());
    }

    @Test
    void keepsTopicOfRecordWithMissingFieldWhenSkipping() {
        RouteByField<SourceRecord> route = route(Map.of("topic.template", "${topic}.${field:region}",
            "on.missing", "skip"));
        SourceRecord nullField = record(ORDER, order(null));
        SourceRecord missingKey = record(null, Map.of("id", 1L));
        SourceRecord underNullStruct = record(ORDER, order("eu"));

        assertSame(nullField, route.apply(nullField));
        assertSame(missingKey, route.apply(missingKey));
        assertSame(underNullStruct, route(Map.of("topic.template", "${field:address.region}", "on.missing", "skip"))
            .apply(underNullStruct));
    }

    @Test
    void usesDefaultValueForMissingField() {
        RouteByField<SourceRecord> route = route(Map.of("topic.template", "${topic}.${field:region}",
            "on.missing", "default", "default.value", "unknown"));

        assertEquals("orders.unknown", route.apply(record(ORDER, order(null))).topic());
        assertEquals("orders.unknown", route.apply(record(null, Map.of())).topic());
    }

    @Test
    void treatsFieldMissingFromSchemaAsMissing() {
        Schema other = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();

        SourceRecord out = route(Map.of("topic.template", "${topic}.${field:region}", "on.missing", "default",
            "default.value", "none")).apply(record(other, new Struct(other).put("id", 1L)));

        assertEquals("orders.none", out.topic());
    }

    @Test
    void appliesMissingRuleToTombstone() {
        SourceRecord tombstone = record(ORDER, null);

        assertSame(tombstone,
            route(Map.of("topic.template", "${field:region}", "on.missing", "skip")).apply(tombstone));
        assertThrows(DataException.class, () -> route(Map.of("topic.template", "${field:region}")).apply(tombstone));
    }

    @Test
    void routesTombstoneByKeyField() {
        SourceRecord tombstone = new SourceRecord(null, null, "orders", 0, KEY, new Struct(KEY).put("tenant", "acme"),
            null, null);

        assertEquals("orders.acme", route(Map.of("topic.template", "${topic}.${key:tenant}")).apply(tombstone).topic());
    }

    @Test
    void failsOnFieldOfWrongType() {
        DataException e = assertThrows(DataException.class,
            () -> route(Map.of("topic.template", "${field:address}"))
                .apply(record(ORDER, order("eu").put("address", new Struct(ADDRESS)))));

        assertEquals("RouteByField: ${field:address} must be a string, number or boolean, but it is STRUCT",
            e.getMessage());
    }

    @Test
    void failsOnValueThatIsNeitherStructNorMap() {
        DataException e = assertThrows(DataException.class,
            () -> route(Map.of("topic.template", "${field:region}")).apply(record(Schema.STRING_SCHEMA, "x")));

        assertEquals("RouteByField: cannot resolve field 'region' because the record value is STRING, not a Struct "
            + "or a Map", e.getMessage());
    }

    @Test
    void failsOnTooLongTopic() {
        Map<String, Object> value = new HashMap<>();
        value.put("region", "x".repeat(250));

        DataException e = assertThrows(DataException.class,
            () -> route(Map.of("topic.template", "${field:region}")).apply(record(null, value)));

        assertEquals(true, e.getMessage().endsWith("is longer than 249 characters"), e.getMessage());
    }

    @Test
    void rejectsUnknownPlaceholder() {
        List<ConfigValue> results = RouteByField.CONFIG_DEF.validate(Map.of("topic.template", "${topic}.${value:x}"));
        ConfigValue template = results.stream().filter(v -> v.name().equals("topic.template"))
            .findFirst().orElseThrow();

        assertEquals(List.of("Invalid value ${topic}.${value:x} for configuration topic.template: has unknown "
            + "placeholder ${value:x}; use ${topic}, ${key}, ${key:path} or ${field:path}"), template.errorMessages());
    }

    @Test
    void rejectsUnclosedPlaceholderAndIllegalLiteral() {
        assertEquals("Invalid value ${topic for configuration topic.template: "
            + "has an unclosed placeholder at position 0",
            assertThrows(ConfigException.class, () -> route(Map.of("topic.template", "${topic"))).getMessage());
        assertEquals("Invalid value ${topic}/x for configuration topic.template: has '/' outside placeholders, which "
            + "a topic name cannot have",
            assertThrows(ConfigException.class, () -> route(Map.of("topic.template", "${topic}/x"))).getMessage());
    }

    @Test
    void rejectsBadFieldPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> route(Map.of("topic.template", "${field:a.}")));

        assertEquals("Invalid value ${field:a.} for configuration topic.template: placeholder ${field:a.}: field path "
            + "'a.' has an empty segment", e.getMessage());
    }

    @Test
    void requiresDefaultValueForDefault() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> route(Map.of("topic.template", "${field:region}", "on.missing", "default")));

        assertEquals("Invalid value null for configuration default.value: is required because on.missing=default",
            e.getMessage());
    }

    @Test
    void documentsEveryConfigKey() {
        RouteByField.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    private static RouteByField<SourceRecord> route(Map<String, String> config) {
        RouteByField<SourceRecord> route = new RouteByField<>();
        route.configure(config);
        return route;
    }

    private static Struct order(String region) {
        return new Struct(ORDER).put("id", 42L).put("region", region);
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "orders", 3, null, null, schema, value, 99L);
    }
}
