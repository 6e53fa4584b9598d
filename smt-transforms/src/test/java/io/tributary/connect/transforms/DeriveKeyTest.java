package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

class DeriveKeyTest {

    // sha256(0x02 <8-byte 42> 0x04 <4-byte 2> "eu"), computed outside Java
    private static final String ID_42_EU = "f28b8ff43f0bbcca89003abafadf65075afcde5257cd2d009c660ce6319f489d";

    private static final Schema CUSTOMER_REF = SchemaBuilder.struct().name("CustomerRef").optional()
        .field("id", Schema.INT64_SCHEMA)
        .build();
    private static final Schema ORDER = SchemaBuilder.struct().name("Order")
        .field("id", Schema.INT64_SCHEMA)
        .field("region", Schema.STRING_SCHEMA)
        .field("customer", CUSTOMER_REF)
        .build();

    @Test
    void usesOneFieldAsBareKeyWithItsSchema() {
        SourceRecord out = transform(Map.of("fields", "id")).apply(record(ORDER, order()));

        assertEquals(42L, out.key());
        assertSame(Schema.INT64_SCHEMA, out.keySchema());
    }

    @Test
    void usesNestedFieldAsBareKey() {
        SourceRecord out = transform(Map.of("fields", "customer.id")).apply(record(ORDER, order()));

        assertEquals(7L, out.key());
    }

    @Test
    void makesKeySchemaOptionalUnderOptionalStruct() {
        SourceRecord out = transform(Map.of("fields", "customer.id")).apply(record(ORDER, order()));

        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, out.keySchema());
    }

    @Test
    void derivesNullKeyPartUnderNullStruct() {
        SourceRecord out = transform(Map.of("fields", "customer.id"))
            .apply(record(ORDER, order().put("customer", null)));

        assertNull(out.key());
    }

    @Test
    void combinesSeveralFieldsIntoStructKey() {
        SourceRecord out = transform(Map.of("fields", "region,id")).apply(record(ORDER, order()));

        Schema expectedSchema = SchemaBuilder.struct()
            .field("region", Schema.STRING_SCHEMA).field("id", Schema.INT64_SCHEMA).build();
        assertEquals(expectedSchema, out.keySchema());
        assertEquals(new Struct(expectedSchema).put("region", "eu").put("id", 42L), out.key());
    }

    @Test
    void namesNestedKeyFieldsWithUnderscores() {
        SourceRecord out = transform(Map.of("fields", "region,customer.id")).apply(record(ORDER, order()));

        assertEquals(List.of("region", "customer_id"), out.keySchema().fields().stream().map(Field::name).toList());
        assertEquals(7L, ((Struct) out.key()).get("customer_id"));
    }

    @Test
    void reusesKeySchemaForSameValueSchema() {
        DeriveKey<SourceRecord> transform = transform(Map.of("fields", "region,id"));

        Schema first = transform.apply(record(ORDER, order())).keySchema();
        Schema second = transform.apply(record(ORDER, order())).keySchema();

        assertSame(first, second);
    }

    @Test
    void usesOneSchemalessFieldAsBareKey() {
        SourceRecord out = transform(Map.of("fields", "customer.id"))
            .apply(record(null, Map.of("id", 42L, "customer", Map.of("id", 7L))));

        assertEquals(7L, out.key());
        assertNull(out.keySchema());
    }

    @Test
    void combinesSeveralSchemalessFieldsIntoMapKeyInListedOrder() {
        SourceRecord out = transform(Map.of("fields", "region,customer.id"))
            .apply(record(null, Map.of("region", "eu", "customer", Map.of("id", 7L))));

        assertEquals(Map.of("region", "eu", "customer_id", 7L), out.key());
        assertEquals(List.of("region", "customer_id"), new ArrayList<>(((Map<?, ?>) out.key()).keySet()));
    }

    @Test
    void hashesFieldsToHexSha256OfCanonicalEncoding() {
        SourceRecord out = transform(Map.of("fields", "id,region", "hash", "sha256")).apply(record(ORDER, order()));

        assertEquals(ID_42_EU, out.key());
        assertSame(Schema.STRING_SCHEMA, out.keySchema());
    }

    @Test
    void hashesSchemalessRecordLikeTheSameDataWithSchema() {
        SourceRecord out = transform(Map.of("fields", "id,region", "hash", "sha256"))
            .apply(record(null, Map.of("id", 42, "region", "eu")));

        assertEquals(ID_42_EU, out.key());
        assertNull(out.keySchema());
    }

    @Test
    void hashesIntegerWidthsAlike() {
        Schema narrow = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("region", Schema.STRING_SCHEMA)
            .build();

        SourceRecord out = transform(Map.of("fields", "id,region", "hash", "sha256"))
            .apply(record(narrow, new Struct(narrow).put("id", 42).put("region", "eu")));

        assertEquals(ID_42_EU, out.key());
    }

    @Test
    void hashesDifferentSplitsOfTheSameCharactersDifferently() {
        DeriveKey<SourceRecord> transform = transform(Map.of("fields", "a,b", "hash", "sha256"));

        Object first = transform.apply(record(null, Map.of("a", "ab", "b", "c"))).key();
        Object second = transform.apply(record(null, Map.of("a", "a", "b", "bc"))).key();

        assertNotEquals(first, second);
    }

    @Test
    void hashesOneFieldToo() {
        SourceRecord out = transform(Map.of("fields", "email", "hash", "SHA256"))
            .apply(record(null, Map.of("email", "ada@example.com")));

        assertEquals("c342a30ba533760bc533f6e3cbe8d70ff04cdafdcd421ba04b97ac5197d12960", out.key());
    }

    @Test
    void keepsValueAndRecordMetadata() {
        SourceRecord in = new SourceRecord(Map.of("db", "x"), Map.of("lsn", 1), "orders", 2,
            Schema.STRING_SCHEMA, "old", ORDER, order(), 99L);
        in.headers().addString("trace", "t1");

        SourceRecord out = transform(Map.of("fields", "id")).apply(in);

        assertSame(in.value(), out.value());
        assertSame(ORDER, out.valueSchema());
        assertEquals("orders", out.topic());
        assertEquals(2, out.kafkaPartition());
        assertEquals(99L, out.timestamp());
        assertEquals("t1", out.headers().lastWithName("trace").value());
    }

    @Test
    void passesTombstoneThroughWithItsKey() {
        SourceRecord tombstone = new SourceRecord(null, null, "orders", 0, Schema.INT64_SCHEMA, 42L, ORDER, null);

        assertSame(tombstone, transform(Map.of("fields", "id")).apply(tombstone));
    }

    @Test
    void rejectsFieldMissingFromSchema() {
        DataException e = assertThrows(DataException.class,
            () -> transform(Map.of("fields", "sku")).apply(record(ORDER, order())));

        assertEquals("DeriveKey: the record value schema STRUCT (Order) has no field 'sku'; its fields are "
            + "[id, region, customer]", e.getMessage());
    }

    @Test
    void rejectsFieldMissingFromSchemalessValue() {
        DataException e = assertThrows(DataException.class,
            () -> transform(Map.of("fields", "customer.id")).apply(record(null, Map.of("customer", Map.of()))));

        assertEquals("DeriveKey: the record value has no field 'customer.id'", e.getMessage());
    }

    @Test
    void rejectsPathThroughNonStructField() {
        DataException e = assertThrows(DataException.class,
            () -> transform(Map.of("fields", "region.code")).apply(record(ORDER, order())));

        assertEquals("DeriveKey: cannot resolve field 'region.code' because 'region' is STRING, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void rejectsSchemalessValueThatIsNotMap() {
        DataException e = assertThrows(DataException.class,
            () -> transform(Map.of("fields", "id")).apply(record(null, "42")));

        assertEquals("DeriveKey: the record value has no schema, so it must be a Map, but it is STRING",
            e.getMessage());
    }

    @Test
    void rejectsValueWithNonStructSchema() {
        DataException e = assertThrows(DataException.class,
            () -> transform(Map.of("fields", "id")).apply(record(Schema.INT64_SCHEMA, 42L)));

        assertEquals("DeriveKey: the record value must be a Struct, but its schema is INT64 and its value is INT64",
            e.getMessage());
    }

    @Test
    void rejectsUnhashableValue() {
        DataException e = assertThrows(DataException.class,
            () -> transform(Map.of("fields", "id", "hash", "sha256")).apply(record(null, Map.of("id", new Object()))));

        assertEquals("DeriveKey: cannot hash field 'id': java.lang.Object is not a Connect data type", e.getMessage());
    }

    @Test
    void requiresFields() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform(Map.of()));

        assertEquals("Missing required configuration \"fields\" which has no default value.", e.getMessage());
    }

    @Test
    void rejectsEmptyFields() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform(Map.of("fields", "")));

        assertEquals("Invalid value [] for configuration fields: must list at least one field", e.getMessage());
    }

    @Test
    void rejectsFieldListedTwice() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform(Map.of("fields", "id,id")));

        assertEquals("Invalid value [id, id] for configuration fields: lists 'id' twice", e.getMessage());
    }

    @Test
    void rejectsPathsWithOneKeyFieldName() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> transform(Map.of("fields", "customer.id,customer_id")));

        assertEquals("Invalid value [customer.id, customer_id] for configuration fields: 'customer.id' and "
            + "'customer_id' would both be key field 'customer_id'", e.getMessage());
    }

    @Test
    void rejectsMalformedPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> transform(Map.of("fields", "customer.")));

        assertEquals("Invalid value [customer.] for configuration fields: field path 'customer.' has an empty segment",
            e.getMessage());
    }

    @Test
    void rejectsUnknownHash() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> transform(Map.of("fields", "id", "hash", "md5")));

        assertEquals("Invalid value md5 for configuration hash: must be one of none, sha256", e.getMessage());
    }

    @Test
    void reportsBadFieldsThroughConfigValidation() {
        List<ConfigValue> results = DeriveKey.CONFIG_DEF.validate(Map.of("fields", "id,id"));
        ConfigValue fields = results.stream().filter(v -> v.name().equals("fields")).findFirst().orElseThrow();

        assertEquals(List.of("Invalid value [id, id] for configuration fields: lists 'id' twice"),
            fields.errorMessages());
    }

    @Test
    void documentsEveryConfigKey() {
        DeriveKey.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
        assertTrue(DeriveKey.OVERVIEW_DOC.contains("Tombstones"));
    }

    @Test
    void reportsProjectVersion() {
        assertEquals(System.getProperty("tributary.expected.version"), transform(Map.of("fields", "id")).version());
    }

    private static DeriveKey<SourceRecord> transform(Map<String, String> config) {
        DeriveKey<SourceRecord> transform = new DeriveKey<>();
        transform.configure(config);
        return transform;
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "orders", 0, null, null, schema, value);
    }

    private static Struct order() {
        return new Struct(ORDER).put("id", 42L).put("region", "eu")
            .put("customer", new Struct(CUSTOMER_REF).put("id", 7L));
    }
}
