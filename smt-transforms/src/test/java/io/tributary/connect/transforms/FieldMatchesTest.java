package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class FieldMatchesTest {

    private static final Schema CUSTOMER = SchemaBuilder.struct().name("Customer").optional()
        .field("tier", Schema.OPTIONAL_STRING_SCHEMA)
        .field("vip", Schema.OPTIONAL_BOOLEAN_SCHEMA)
        .build();
    private static final Schema ORDER = SchemaBuilder.struct().name("Order")
        .field("id", Schema.INT64_SCHEMA)
        .field("total", Decimal.schema(2))
        .field("weight", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("placed", Timestamp.SCHEMA)
        .field("customer", CUSTOMER)
        .build();

    @Test
    void matchesEqualString() {
        FieldMatches<SourceRecord> predicate = predicate("customer.tier", "equals", "gold");

        assertTrue(predicate.test(record(order("gold"))));
        assertFalse(predicate.test(record(order("silver"))));
    }

    @Test
    void usesEqualsWhenOperatorIsOmitted() {
        FieldMatches<SourceRecord> predicate = predicate(Map.of("field", "customer.tier", "value", "gold"));

        assertTrue(predicate.test(record(order("gold"))));
    }

    @Test
    void matchesNumbersNumerically() {
        FieldMatches<SourceRecord> predicate = predicate("id", "equals", "42.0");

        assertTrue(predicate.test(record(order("gold"))));
    }

    @Test
    void neverMatchesNumberAgainstNonNumericValue() {
        assertFalse(predicate("id", "equals", "forty-two").test(record(order("gold"))));
    }

    @Test
    void matchesBooleanIgnoringCase() {
        Struct order = order("gold");
        order.getStruct("customer").put("vip", true);

        assertTrue(predicate("customer.vip", "equals", "TRUE").test(record(order)));
        assertFalse(predicate("customer.vip", "equals", "false").test(record(order)));
    }

    @Test
    void matchesWholeStringAgainstRegex() {
        FieldMatches<SourceRecord> predicate = predicate("customer.tier", "regex", "gold|platinum");

        assertTrue(predicate.test(record(order("platinum"))));
        assertFalse(predicate.test(record(order("golden"))));
    }

    @Test
    void matchesNumberWrittenOutAgainstRegex() {
        assertTrue(predicate("total", "regex", "\\d+\\.99").test(record(order("gold"))));
    }

    @Test
    void comparesDecimalGreaterThan() {
        assertTrue(predicate("total", "gt", "100").test(record(order("gold"))));
        assertFalse(predicate("total", "gt", "150.99").test(record(order("gold"))));
    }

    @Test
    void comparesIntegerLessThan() {
        assertTrue(predicate("id", "lt", "43").test(record(order("gold"))));
        assertFalse(predicate("id", "lt", "42").test(record(order("gold"))));
    }

    @Test
    void comparesDoubleByItsDecimalValue() {
        Struct order = order("gold").put("weight", 0.1d);

        assertFalse(predicate("weight", "gt", "0.1").test(record(order)));
        assertTrue(predicate("weight", "lt", "0.11").test(record(order)));
    }

    @Test
    void neverOrdersNaN() {
        Struct order = order("gold").put("weight", Double.NaN);

        assertFalse(predicate("weight", "gt", "0").test(record(order)));
        assertFalse(predicate("weight", "lt", "0").test(record(order)));
    }

    @Test
    void comparesTimestampAsEpochMillis() {
        assertTrue(predicate("placed", "gt", "999").test(record(order("gold"))));
        assertFalse(predicate("placed", "gt", "1000").test(record(order("gold"))));
    }

    @Test
    void matchesPresentNonNullFieldWithExists() {
        FieldMatches<SourceRecord> predicate = predicate(Map.of("field", "customer.tier", "operator", "exists"));

        assertTrue(predicate.test(record(order("gold"))));
        assertFalse(predicate.test(record(order(null))));
    }

    @Test
    void doesNotMatchMissingSchemaFieldEvenWithExists() {
        FieldMatches<SourceRecord> predicate = predicate(Map.of("field", "customer.email", "operator", "exists"));

        assertFalse(predicate.test(record(order("gold"))));
    }

    @Test
    void doesNotMatchFieldUnderNullStruct() {
        assertFalse(predicate("customer.tier", "equals", "gold").test(record(order("gold").put("customer", null))));
    }

    @Test
    void matchesSchemalessNestedField() {
        Map<String, Object> value = Map.of("customer", Map.of("tier", "gold"), "total", 120);

        assertTrue(predicate("customer.tier", "equals", "gold").test(schemaless(value)));
        assertTrue(predicate("total", "gt", "100").test(schemaless(value)));
    }

    @Test
    void doesNotMatchMissingSchemalessKey() {
        assertFalse(predicate(Map.of("field", "customer.tier", "operator", "exists"))
            .test(schemaless(Map.of("customer", Map.of()))));
    }

    @Test
    void doesNotMatchNullSchemalessValue() {
        Map<String, Object> value = new HashMap<>();
        value.put("tier", null);

        assertFalse(predicate(Map.of("field", "tier", "operator", "exists")).test(schemaless(value)));
    }

    @Test
    void doesNotMatchTombstone() {
        assertFalse(predicate(Map.of("field", "id", "operator", "exists")).test(record(null)));
    }

    @Test
    void testsEverySchemaSeparately() {
        FieldMatches<SourceRecord> predicate = predicate("tier", "equals", "gold");
        Schema other = SchemaBuilder.struct().field("tier", Schema.STRING_SCHEMA).build();

        assertFalse(predicate.test(record(order("gold"))));
        assertTrue(predicate.test(record(new Struct(other).put("tier", "gold"))));
    }

    @Test
    void rejectsOrderingOfString() {
        DataException e = assertThrows(DataException.class,
            () -> predicate("customer.tier", "gt", "1").test(record(order("gold"))));

        assertEquals("FieldMatches: operator 'gt' cannot test field 'customer.tier' of type STRING", e.getMessage());
    }

    @Test
    void rejectsEqualityOfStruct() {
        DataException e = assertThrows(DataException.class,
            () -> predicate("customer", "equals", "x").test(record(order("gold"))));

        assertEquals("FieldMatches: operator 'equals' cannot test field 'customer' of type STRUCT", e.getMessage());
    }

    @Test
    void rejectsPathThroughString() {
        DataException e = assertThrows(DataException.class,
            () -> predicate("customer.tier.code", "equals", "x").test(record(order("gold"))));

        assertEquals("FieldMatches: cannot resolve field 'customer.tier.code' because 'customer.tier' is STRING, "
            + "not a Struct or a Map", e.getMessage());
    }

    @Test
    void rejectsValueThatIsNeitherStructNorMap() {
        SourceRecord record = new SourceRecord(null, null, "orders", 0, null, null, Schema.STRING_SCHEMA, "gold");

        DataException e = assertThrows(DataException.class,
            () -> predicate("tier", "equals", "gold").test(record));

        assertEquals("FieldMatches: the record value must be a Struct or a Map, but it is STRING", e.getMessage());
    }

    @Test
    void requiresField() {
        ConfigException e = assertThrows(ConfigException.class, () -> predicate(Map.of("value", "x")));

        assertEquals("Missing required configuration \"field\" which has no default value.", e.getMessage());
    }

    @Test
    void rejectsMalformedField() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> predicate(Map.of("field", ".tier", "value", "x")));

        assertEquals("Invalid value .tier for configuration field: field path '.tier' has an empty segment",
            e.getMessage());
    }

    @Test
    void rejectsUnknownOperator() {
        ConfigException e = assertThrows(ConfigException.class, () -> predicate("tier", "contains", "x"));

        assertEquals("Invalid value contains for configuration operator: must be one of equals, regex, gt, lt, exists",
            e.getMessage());
    }

    @Test
    void requiresValueForComparison() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> predicate(Map.of("field", "tier", "operator", "regex")));

        assertEquals("Invalid value null for configuration value: is required for operator 'regex'", e.getMessage());
    }

    @Test
    void rejectsValueForExists() {
        ConfigException e = assertThrows(ConfigException.class, () -> predicate("tier", "exists", "x"));

        assertEquals("Invalid value x for configuration value: must not be set for operator 'exists'", e.getMessage());
    }

    @Test
    void rejectsNonNumericValueForOrdering() {
        ConfigException e = assertThrows(ConfigException.class, () -> predicate("total", "lt", "ten"));

        assertEquals("Invalid value ten for configuration value: must be a number for operator 'lt'", e.getMessage());
    }

    @Test
    void rejectsInvalidRegex() {
        ConfigException e = assertThrows(ConfigException.class, () -> predicate("tier", "regex", "(gold"));

        assertEquals("Invalid value (gold for configuration value: is not a valid regex for operator 'regex': "
            + "Unclosed group near index 5", e.getMessage());
    }

    @Test
    void reportsUnknownOperatorThroughConfigValidation() {
        List<ConfigValue> results = FieldMatches.CONFIG_DEF.validate(Map.of("field", "a", "operator", "like"));
        ConfigValue operator = results.stream().filter(v -> v.name().equals("operator")).findFirst().orElseThrow();

        assertEquals(List.of("Invalid value like for configuration operator: "
            + "must be one of equals, regex, gt, lt, exists"),
            operator.errorMessages());
    }

    @Test
    void documentsEveryConfigKey() {
        FieldMatches.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    @Test
    void reportsProjectVersion() {
        assertEquals(System.getProperty("tributary.expected.version"), predicate("id", "equals", "1").version());
    }

    private static FieldMatches<SourceRecord> predicate(String field, String operator, String value) {
        return predicate(Map.of("field", field, "operator", operator, "value", value));
    }

    private static FieldMatches<SourceRecord> predicate(Map<String, String> config) {
        FieldMatches<SourceRecord> predicate = new FieldMatches<>();
        predicate.configure(config);
        return predicate;
    }

    private static SourceRecord record(Struct value) {
        return new SourceRecord(null, null, "orders", 0, null, null, value == null ? ORDER : value.schema(), value);
    }

    private static SourceRecord schemaless(Map<String, Object> value) {
        return new SourceRecord(null, null, "orders", 0, null, null, null, value);
    }

    private static Struct order(String tier) {
        return new Struct(ORDER).put("id", 42L).put("total", new BigDecimal("149.99")).put("placed", new Date(1000L))
            .put("customer", new Struct(CUSTOMER).put("tier", tier));
    }
}
