package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RenameFieldsTest {

    private static final Schema LEGACY = SchemaBuilder.struct().name("legacy.Customer").version(3)
        .field("CUST_ID", Schema.INT64_SCHEMA)
        .field("CUST_NM", Schema.OPTIONAL_STRING_SCHEMA)
        .field("ADDR_LINE_1", Schema.STRING_SCHEMA)
        .build();

    @Test
    void renamesLegacySnakeCaseToCamelCase() {
        SourceRecord out = value(Map.of("case", "snake_to_camel")).apply(valueRecord(LEGACY, legacy()));

        assertEquals(List.of("custId", "custNm", "addrLine1"), names(out.valueSchema()));
        Struct value = (Struct) out.value();
        assertEquals(42L, value.get("custId"));
        assertEquals("ACME", value.get("custNm"));
        assertEquals("1 Main St", value.get("addrLine1"));
    }

    @Test
    void keepsFieldSchemas() {
        SourceRecord out = value(Map.of("case", "snake_to_camel")).apply(valueRecord(LEGACY, legacy()));

        assertSame(Schema.INT64_SCHEMA, out.valueSchema().field("custId").schema());
        assertSame(Schema.OPTIONAL_STRING_SCHEMA, out.valueSchema().field("custNm").schema());
    }

    @Test
    void keepsSchemaNameAndVersion() {
        SourceRecord out = value(Map.of("case", "lower")).apply(valueRecord(LEGACY, legacy()));

        assertEquals("legacy.Customer", out.valueSchema().name());
        assertEquals(3, out.valueSchema().version());
    }

    @Test
    void appliesExplicitRenameBeforeCase() {
        SourceRecord out = value(Map.of("case", "snake_to_camel", "renames", "CUST_NM:customerName"))
            .apply(valueRecord(LEGACY, legacy()));

        assertEquals(List.of("custId", "customerName", "addrLine1"), names(out.valueSchema()));
        assertEquals("ACME", ((Struct) out.value()).get("customerName"));
    }

    @Test
    void renamesOnlyListedFieldsWithoutCase() {
        SourceRecord out = value(Map.of("renames", "CUST_ID:id, ADDR_LINE_1:street"))
            .apply(valueRecord(LEGACY, legacy()));

        assertEquals(List.of("id", "CUST_NM", "street"), names(out.valueSchema()));
    }

    @Test
    void convertsCamelCaseToSnakeCase() {
        Schema schema = SchemaBuilder.struct().field("customerID", Schema.INT32_SCHEMA).build();

        SourceRecord out = value(Map.of("case", "camel_to_snake"))
            .apply(valueRecord(schema, new Struct(schema).put("customerID", 1)));

        assertEquals(new Struct(out.valueSchema()).put("customer_id", 1), out.value());
    }

    @Test
    void upperCasesFieldNames() {
        SourceRecord out = value(Map.of("case", "upper")).apply(valueRecord(null, Map.of("custNm", "ACME")));

        assertEquals(Map.of("CUSTNM", "ACME"), out.value());
    }

    @Test
    void acceptsCaseNameInAnyLetterCase() {
        SourceRecord out = value(Map.of("case", "Snake_To_Camel")).apply(valueRecord(null, Map.of("CUST_NM", "ACME")));

        assertEquals(Map.of("custNm", "ACME"), out.value());
    }

    @Test
    void keepsOnlyIncludedFields() {
        SourceRecord out = value(Map.of("include", "CUST_ID,CUST_NM", "case", "snake_to_camel"))
            .apply(valueRecord(LEGACY, legacy()));

        assertEquals(List.of("custId", "custNm"), names(out.valueSchema()));
        assertEquals(new Struct(out.valueSchema()).put("custId", 42L).put("custNm", "ACME"), out.value());
    }

    @Test
    void dropsExcludedFields() {
        SourceRecord out = value(Map.of("exclude", "ADDR_LINE_1")).apply(valueRecord(LEGACY, legacy()));

        assertEquals(List.of("CUST_ID", "CUST_NM"), names(out.valueSchema()));
    }

    @Test
    void copiesNullFieldValues() {
        Struct legacy = new Struct(LEGACY).put("CUST_ID", 1L).put("ADDR_LINE_1", "x");

        SourceRecord out = value(Map.of("case", "snake_to_camel")).apply(valueRecord(LEGACY, legacy));

        assertNull(((Struct) out.value()).get("custNm"));
    }

    @Test
    void leavesNestedStructUntouched() {
        Schema address = SchemaBuilder.struct().field("CITY_NM", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("HOME_ADDR", address).build();
        Struct home = new Struct(address).put("CITY_NM", "Lyon");

        SourceRecord out = value(Map.of("case", "snake_to_camel"))
            .apply(valueRecord(schema, new Struct(schema).put("HOME_ADDR", home)));

        assertSame(home, ((Struct) out.value()).get("homeAddr"));
    }

    @Test
    void reusesDerivedSchemaForSameInputSchema() {
        RenameFields<SourceRecord> transform = value(Map.of("case", "snake_to_camel"));

        Schema first = transform.apply(valueRecord(LEGACY, legacy())).valueSchema();
        Schema second = transform.apply(valueRecord(LEGACY, legacy())).valueSchema();

        assertSame(first, second);
    }

    @Test
    void reusesDerivedSchemaForEqualInputSchemaInstance() {
        RenameFields<SourceRecord> transform = value(Map.of("case", "snake_to_camel"));
        Schema copy = SchemaBuilder.struct().name("legacy.Customer").version(3)
            .field("CUST_ID", Schema.INT64_SCHEMA)
            .field("CUST_NM", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ADDR_LINE_1", Schema.STRING_SCHEMA)
            .build();

        Schema first = transform.apply(valueRecord(LEGACY, legacy())).valueSchema();
        Schema second = transform.apply(valueRecord(copy, new Struct(copy).put("CUST_ID", 1L).put("ADDR_LINE_1", "x")))
            .valueSchema();

        assertSame(first, second);
    }

    @Test
    void derivesNewSchemaWhenInputSchemaChanges() {
        RenameFields<SourceRecord> transform = value(Map.of("case", "snake_to_camel"));
        Schema evolved = SchemaBuilder.struct().field("CUST_ID", Schema.INT64_SCHEMA)
            .field("EMAIL_ADDR", Schema.OPTIONAL_STRING_SCHEMA).build();

        transform.apply(valueRecord(LEGACY, legacy()));
        SourceRecord out = transform.apply(valueRecord(evolved, new Struct(evolved).put("CUST_ID", 5L)));

        assertEquals(List.of("custId", "emailAddr"), names(out.valueSchema()));
    }

    @Test
    void renamesSchemalessMapKeysInOrder() {
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("CUST_ID", 42L);
        legacy.put("CUST_NM", null);
        legacy.put("ADDR_LINE_1", "1 Main St");

        SourceRecord out = value(Map.of("case", "snake_to_camel")).apply(valueRecord(null, legacy));

        assertNull(out.valueSchema());
        assertEquals(List.of("custId", "custNm", "addrLine1"), new ArrayList<>(((Map<?, ?>) out.value()).keySet()));
        Map<String, Object> expected = new HashMap<>();
        expected.put("custId", 42L);
        expected.put("custNm", null);
        expected.put("addrLine1", "1 Main St");
        assertEquals(expected, out.value());
    }

    @Test
    void filtersSchemalessMapKeys() {
        SourceRecord out = value(Map.of("exclude", "secret", "renames", "a:b"))
            .apply(valueRecord(null, Map.of("a", 1, "secret", "x", "c", 3)));

        assertEquals(Map.of("b", 1, "c", 3), out.value());
    }

    @Test
    void doesNotModifyInputMap() {
        Map<String, Object> input = new HashMap<>(Map.of("CUST_NM", "ACME"));

        value(Map.of("case", "snake_to_camel")).apply(valueRecord(null, input));

        assertEquals(Map.of("CUST_NM", "ACME"), input);
    }

    @Test
    void renamesKeyStructFields() {
        Schema keySchema = SchemaBuilder.struct().field("CUST_ID", Schema.INT64_SCHEMA).build();
        SourceRecord record = new SourceRecord(null, null, "customers", 0,
            keySchema, new Struct(keySchema).put("CUST_ID", 42L), LEGACY, legacy());

        SourceRecord out = key(Map.of("case", "snake_to_camel")).apply(record);

        assertEquals(new Struct(out.keySchema()).put("custId", 42L), out.key());
        assertSame(LEGACY, out.valueSchema());
        assertSame(record.value(), out.value());
    }

    @Test
    void renamesSchemalessKeyFields() {
        SourceRecord record = new SourceRecord(null, null, "customers", 0, null, Map.of("CUST_ID", 42L), null, null);

        SourceRecord out = key(Map.of("case", "snake_to_camel")).apply(record);

        assertEquals(Map.of("custId", 42L), out.key());
    }

    @Test
    void passesTombstoneThroughUnchanged() {
        SourceRecord tombstone = valueRecord(LEGACY, null);

        assertSame(tombstone, value(Map.of("case", "snake_to_camel")).apply(tombstone));
    }

    @Test
    void passesNullKeyThroughUnchanged() {
        SourceRecord record = valueRecord(LEGACY, legacy());

        assertSame(record, key(Map.of("case", "snake_to_camel")).apply(record));
    }

    @Test
    void keepsRecordMetadata() {
        SourceRecord record = new SourceRecord(Map.of("db", "x"), Map.of("lsn", 1), "customers", 3,
            null, "k", LEGACY, legacy(), 1234L);
        record.headers().addString("trace", "t1");

        SourceRecord out = value(Map.of("case", "lower")).apply(record);

        assertEquals("customers", out.topic());
        assertEquals(3, out.kafkaPartition());
        assertEquals("k", out.key());
        assertEquals(1234L, out.timestamp());
        assertEquals("t1", out.headers().lastWithName("trace").value());
        assertEquals(Map.of("lsn", 1), out.sourceOffset());
    }

    @Test
    void rejectsStructFieldsRenamedToOneName() {
        Schema schema = SchemaBuilder.struct().field("CUST_NM", Schema.STRING_SCHEMA)
            .field("custNm", Schema.STRING_SCHEMA).build();
        Struct struct = new Struct(schema).put("CUST_NM", "a").put("custNm", "b");

        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("case", "snake_to_camel")).apply(valueRecord(schema, struct)));

        assertEquals("RenameFields: fields 'CUST_NM' and 'custNm' of the record value would both be renamed to "
            + "'custNm'; add an explicit rename or exclude one of them", e.getMessage());
    }

    @Test
    void rejectsSchemalessKeysRenamedToOneName() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("CUST_NM", "a");
        map.put("custNm", "b");

        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("case", "snake_to_camel")).apply(valueRecord(null, map)));

        assertEquals("RenameFields: fields 'CUST_NM' and 'custNm' of the record value would both be renamed to "
            + "'custNm'; add an explicit rename or exclude one of them", e.getMessage());
    }

    @Test
    void rejectsSchemalessValueThatIsNotMap() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("case", "lower")).apply(valueRecord(null, "CUST_NM=ACME")));

        assertEquals("RenameFields: the record value has no schema, so it must be a Map, but it is STRING",
            e.getMessage());
    }

    @Test
    void rejectsValueWithNonStructSchema() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("case", "lower")).apply(valueRecord(Schema.INT32_SCHEMA, 7)));

        assertEquals("RenameFields: the record value must be a Struct, but its schema is INT32 and its value is INT32",
            e.getMessage());
    }

    @Test
    void rejectsKeyWithNonStructSchema() {
        SourceRecord record = new SourceRecord(null, null, "t", 0, Schema.STRING_SCHEMA, "k", null, null);

        DataException e = assertThrows(DataException.class, () -> key(Map.of("case", "lower")).apply(record));

        assertEquals("RenameFields: the record key must be a Struct, but its schema is STRING and its value is STRING",
            e.getMessage());
    }

    @Test
    void rejectsSchemalessMapWithNonStringKey() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("case", "lower")).apply(valueRecord(null, Map.of(1, "x"))));

        assertEquals("RenameFields: the record value is a Map whose keys must be strings, but key '1' is INT32",
            e.getMessage());
    }

    @Test
    void rejectsRenameWithoutColon() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("renames", "CUST_NM")));

        assertEquals("Invalid value [CUST_NM] for configuration renames: entry 'CUST_NM' is not a from:to pair",
            e.getMessage());
    }

    @Test
    void rejectsRenameWithEmptyName() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("renames", "CUST_NM:")));

        assertEquals("Invalid value [CUST_NM:] for configuration renames: entry 'CUST_NM:' has an empty field name",
            e.getMessage());
    }

    @Test
    void rejectsTwoRenamesToOneName() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("renames", "a:x,b:x")));

        assertEquals("Invalid value [a:x, b:x] for configuration renames: renames both 'a' and 'b' to 'x'",
            e.getMessage());
    }

    @Test
    void rejectsRenamingOneFieldTwice() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("renames", "a:x,a:y")));

        assertEquals("Invalid value [a:x, a:y] for configuration renames: renames 'a' more than once", e.getMessage());
    }

    @Test
    void rejectsUnknownCase() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("case", "kebab")));

        assertEquals("Invalid value kebab for configuration case: must be one of "
            + "none, snake_to_camel, camel_to_snake, lower, upper", e.getMessage());
    }

    @Test
    void rejectsFieldBothIncludedAndExcluded() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> value(Map.of("include", "a,b", "exclude", "b")));

        assertEquals("Invalid value [b] for configuration exclude: lists fields that 'include' also lists: [b]",
            e.getMessage());
    }

    @Test
    void reportsBadRenameThroughConfigValidation() {
        List<ConfigValue> results = RenameFields.CONFIG_DEF.validate(Map.of("renames", "CUST_NM"));
        ConfigValue renames = results.stream().filter(v -> v.name().equals("renames")).findFirst().orElseThrow();

        assertEquals(List.of("Invalid value [CUST_NM] for configuration renames: "
            + "entry 'CUST_NM' is not a from:to pair"),
            renames.errorMessages());
    }

    @Test
    void documentsEveryConfigKey() {
        RenameFields.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    @Test
    void reportsProjectVersion() {
        assertEquals(System.getProperty("tributary.expected.version"), value(Map.of()).version());
    }

    private static RenameFields<SourceRecord> value(Map<String, String> config) {
        RenameFields<SourceRecord> transform = new RenameFields.Value<>();
        transform.configure(config);
        return transform;
    }

    private static RenameFields<SourceRecord> key(Map<String, String> config) {
        RenameFields<SourceRecord> transform = new RenameFields.Key<>();
        transform.configure(config);
        return transform;
    }

    private static SourceRecord valueRecord(Schema schema, Object value) {
        return new SourceRecord(null, null, "customers", 0, null, null, schema, value);
    }

    private static Struct legacy() {
        return new Struct(LEGACY).put("CUST_ID", 42L).put("CUST_NM", "ACME").put("ADDR_LINE_1", "1 Main St");
    }

    private static List<String> names(Schema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }
}
