package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

class MaskTest {

    private static final String SECRET = "key";
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the published test vector
    private static final String FOX_TOKEN = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

    private static final Schema ADDRESS = SchemaBuilder.struct().name("Address").optional()
        .field("street", Schema.STRING_SCHEMA)
        .field("city", Schema.STRING_SCHEMA)
        .build();
    private static final Schema CUSTOMER = SchemaBuilder.struct().name("Customer")
        .field("id", Schema.INT64_SCHEMA)
        .field("email", Schema.OPTIONAL_STRING_SCHEMA)
        .field("card", Schema.OPTIONAL_STRING_SCHEMA)
        .field("address", ADDRESS)
        .build();

    @Test
    void redactsStringToEmptyString() {
        SourceRecord out = value(Map.of("fields", "email:redact")).apply(valueRecord(CUSTOMER, customer()));

        assertEquals("", ((Struct) out.value()).get("email"));
    }

    @Test
    void redactsEveryPrimitiveTypeToItsEmptyValue() {
        Schema schema = SchemaBuilder.struct()
            .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA).field("i64", Schema.INT64_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
            .field("bool", Schema.BOOLEAN_SCHEMA).field("bytes", Schema.BYTES_SCHEMA)
            .build();
        Struct struct = new Struct(schema).put("i8", (byte) 1).put("i16", (short) 2).put("i32", 3).put("i64", 4L)
            .put("f32", 5f).put("f64", 6d).put("bool", true).put("bytes", new byte[] {7});

        Struct out = (Struct) value(Map.of("fields", "i8:redact,i16:redact,i32:redact,i64:redact,f32:redact,"
            + "f64:redact,bool:redact,bytes:redact")).apply(valueRecord(schema, struct)).value();

        assertEquals((byte) 0, out.get("i8"));
        assertEquals((short) 0, out.get("i16"));
        assertEquals(0, out.get("i32"));
        assertEquals(0L, out.get("i64"));
        assertEquals(0f, out.get("f32"));
        assertEquals(0d, out.get("f64"));
        assertEquals(false, out.get("bool"));
        assertArrayEquals(new byte[0], (byte[]) out.get("bytes"));
    }

    @Test
    void redactsDecimalToZeroAtSchemaScale() {
        Schema schema = SchemaBuilder.struct().field("salary", Decimal.schema(2)).build();
        Struct struct = new Struct(schema).put("salary", new BigDecimal("5123.45"));

        Struct out = (Struct) value(Map.of("fields", "salary:redact")).apply(valueRecord(schema, struct)).value();

        assertEquals(new BigDecimal("0.00"), out.get("salary"));
    }

    @Test
    void redactsTimestampToEpoch() {
        Schema schema = SchemaBuilder.struct().field("born", Timestamp.SCHEMA).build();
        Struct struct = new Struct(schema).put("born", new Date(86_400_000L));

        Struct out = (Struct) value(Map.of("fields", "born:redact")).apply(valueRecord(schema, struct)).value();

        assertEquals(new Date(0L), out.get("born"));
    }

    @Test
    void redactsWholeStructToStructOfEmptyValues() {
        SourceRecord out = value(Map.of("fields", "address:redact")).apply(valueRecord(CUSTOMER, customer()));

        assertEquals(new Struct(ADDRESS).put("street", "").put("city", ""), ((Struct) out.value()).get("address"));
    }

    @Test
    void redactsArrayAndMapToEmpty() {
        Schema schema = SchemaBuilder.struct()
            .field("phones", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("tags", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .build();
        Struct struct = new Struct(schema).put("phones", List.of("555")).put("tags", Map.of("vip", "yes"));

        Struct out = (Struct) value(Map.of("fields", "phones:redact,tags:redact"))
            .apply(valueRecord(schema, struct)).value();

        assertEquals(List.of(), out.get("phones"));
        assertEquals(Map.of(), out.get("tags"));
    }

    @Test
    void redactsSchemalessValuesByTheirType() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "Ada");
        value.put("age", 36);
        value.put("balance", 12.5d);
        value.put("vip", true);
        value.put("photo", ByteBuffer.wrap(new byte[] {1, 2}));
        value.put("salary", new BigDecimal("10.50"));

        Map<?, ?> out = (Map<?, ?>) value(Map.of("fields", "name:redact,age:redact,balance:redact,vip:redact,"
            + "photo:redact,salary:redact")).apply(valueRecord(null, value)).value();

        assertEquals("", out.get("name"));
        assertEquals(0, out.get("age"));
        assertEquals(0d, out.get("balance"));
        assertEquals(false, out.get("vip"));
        assertEquals(ByteBuffer.allocate(0), out.get("photo"));
        assertEquals(new BigDecimal("0.00"), out.get("salary"));
    }

    @Test
    void hashesStringToHexHmacSha256() {
        SourceRecord record = valueRecord(null, Map.of("note", "The quick brown fox jumps over the lazy dog"));

        SourceRecord out = value(Map.of("fields", "note:hash", "hash.secret", SECRET)).apply(record);

        assertEquals(Map.of("note", FOX_TOKEN), out.value());
    }

    @Test
    void hashesEqualInputsToEqualTokensAcrossInstances() {
        Map<String, String> config = Map.of("fields", "email:hash", "hash.secret", "s3cret");

        Object first = ((Struct) value(config).apply(valueRecord(CUSTOMER, customer())).value()).get("email");
        Object second = ((Struct) value(config).apply(valueRecord(CUSTOMER, customer())).value()).get("email");

        assertEquals(first, second);
        assertEquals(64, ((String) first).length());
    }

    @Test
    void hashesDifferentlyUnderAnotherSecret() {
        Object first = ((Struct) value(Map.of("fields", "email:hash", "hash.secret", "one"))
            .apply(valueRecord(CUSTOMER, customer())).value()).get("email");
        Object second = ((Struct) value(Map.of("fields", "email:hash", "hash.secret", "two"))
            .apply(valueRecord(CUSTOMER, customer())).value()).get("email");

        assertNotEquals(first, second);
    }

    @Test
    void rejectsHashOnNonStringSchemaField() {
        Mask<SourceRecord> mask = value(Map.of("fields", "id:hash", "hash.secret", SECRET));

        DataException e = assertThrows(DataException.class, () -> mask.apply(valueRecord(CUSTOMER, customer())));

        assertEquals("Mask: rule 'hash' masks strings only, but field 'id' is INT64", e.getMessage());
    }

    @Test
    void rejectsHashOnSchemalessNonString() {
        Mask<SourceRecord> mask = value(Map.of("fields", "account.id:hash", "hash.secret", SECRET));

        DataException e = assertThrows(DataException.class,
            () -> mask.apply(valueRecord(null, Map.of("account", Map.of("id", 42L)))));

        assertEquals("Mask: rule 'hash' masks strings only, but field 'account.id' is INT64", e.getMessage());
    }

    @Test
    void keepsLastCharactersOfString() {
        SourceRecord out = value(Map.of("fields", "card:keep-last:4")).apply(valueRecord(CUSTOMER, customer()));

        assertEquals("************1111", ((Struct) out.value()).get("card"));
    }

    @Test
    void keepsStringNoLongerThanKeepCount() {
        SourceRecord out = value(Map.of("fields", "pin:keep-last:4")).apply(valueRecord(null, Map.of("pin", "123")));

        assertEquals(Map.of("pin", "123"), out.value());
    }

    @Test
    void masksEveryCharacterWithKeepLastZero() {
        SourceRecord out = value(Map.of("fields", "pin:keep-last:0")).apply(valueRecord(null, Map.of("pin", "1234")));

        assertEquals(Map.of("pin", "****"), out.value());
    }

    @Test
    void keepsLastCodePointsNotHalvesOfSurrogatePairs() {
        SourceRecord out = value(Map.of("fields", "nick:keep-last:1"))
            .apply(valueRecord(null, Map.of("nick", "ab\uD83D\uDE00")));

        assertEquals(Map.of("nick", "**\uD83D\uDE00"), out.value());
    }

    @Test
    void replacesRegexMatches() {
        SourceRecord out = value(Map.of("fields", "email:regex:^[^@]+=***")).apply(valueRecord(CUSTOMER, customer()));

        assertEquals("***@example.com", ((Struct) out.value()).get("email"));
    }

    @Test
    void replacesRegexMatchesWithGroupReferences() {
        SourceRecord out = value(Map.of("fields", "phone:regex:(\\d{3})\\d+=$1****"))
            .apply(valueRecord(null, Map.of("phone", "5551234")));

        assertEquals(Map.of("phone", "555****"), out.value());
    }

    @Test
    void masksNestedStructField() {
        SourceRecord out = value(Map.of("fields", "address.street:keep-last:3"))
            .apply(valueRecord(CUSTOMER, customer()));

        Struct address = ((Struct) out.value()).getStruct("address");
        assertEquals(new Struct(ADDRESS).put("street", "*************Way").put("city", "Lyon"), address);
    }

    @Test
    void masksNestedSchemalessField() {
        Map<String, Object> value = Map.of("id", 1, "address", Map.of("street", "12 Rue", "city", "Lyon"));

        SourceRecord out = value(Map.of("fields", "address.street:redact")).apply(valueRecord(null, value));

        assertEquals(Map.of("id", 1, "address", Map.of("street", "", "city", "Lyon")), out.value());
    }

    @Test
    void masksEntryOfMapFieldInsideStruct() {
        Schema schema = SchemaBuilder.struct()
            .field("attributes", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .build();
        Struct struct = new Struct(schema).put("attributes", Map.of("ssn", "123-45-6789", "tier", "gold"));

        SourceRecord out = value(Map.of("fields", "attributes.ssn:keep-last:4")).apply(valueRecord(schema, struct));

        assertEquals(Map.of("ssn", "*******6789", "tier", "gold"), ((Struct) out.value()).get("attributes"));
    }

    @Test
    void keepsTheRecordSchema() {
        SourceRecord out = value(Map.of("fields", "email:redact")).apply(valueRecord(CUSTOMER, customer()));

        assertSame(CUSTOMER, out.valueSchema());
    }

    @Test
    void copiesUnmaskedFields() {
        Struct out = (Struct) value(Map.of("fields", "email:redact")).apply(valueRecord(CUSTOMER, customer())).value();

        assertEquals(customer().put("email", ""), out);
    }

    @Test
    void leavesInputStructUnchanged() {
        Struct input = customer();

        value(Map.of("fields", "email:redact,address.city:redact")).apply(valueRecord(CUSTOMER, input));

        assertEquals(customer(), input);
    }

    @Test
    void leavesInputMapUnchanged() {
        Map<String, Object> input = new HashMap<>(Map.of("email", "ada@example.com"));

        value(Map.of("fields", "email:redact")).apply(valueRecord(null, input));

        assertEquals(Map.of("email", "ada@example.com"), input);
    }

    @Test
    void keepsNullFieldNull() {
        Struct struct = customer().put("email", null);

        SourceRecord out = value(Map.of("fields", "email:redact")).apply(valueRecord(CUSTOMER, struct));

        assertNull(((Struct) out.value()).get("email"));
    }

    @Test
    void skipsNestedFieldUnderNullStruct() {
        Struct struct = customer().put("address", null);

        SourceRecord out = value(Map.of("fields", "address.city:redact")).apply(valueRecord(CUSTOMER, struct));

        assertNull(((Struct) out.value()).get("address"));
    }

    @Test
    void passesRecordWithoutMaskedFieldsThroughUnchanged() {
        SourceRecord struct = valueRecord(CUSTOMER, customer());
        SourceRecord map = valueRecord(null, Map.of("other", "x"));
        Mask<SourceRecord> mask = value(Map.of("fields", "ssn:redact"));

        assertSame(struct, mask.apply(struct));
        assertSame(map, mask.apply(map));
    }

    @Test
    void masksKeyStructField() {
        Schema keySchema = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA).build();
        SourceRecord record = new SourceRecord(null, null, "customers", 0,
            keySchema, new Struct(keySchema).put("email", "ada@example.com"), CUSTOMER, customer());

        SourceRecord out = key(Map.of("fields", "email:regex:^[^@]+=x")).apply(record);

        assertEquals(new Struct(keySchema).put("email", "x@example.com"), out.key());
        assertSame(record.value(), out.value());
    }

    @Test
    void masksSchemalessKeyField() {
        SourceRecord record = new SourceRecord(null, null, "t", 0, null, Map.of("ssn", "123456789"), null, null);

        SourceRecord out = key(Map.of("fields", "ssn:keep-last:2")).apply(record);

        assertEquals(Map.of("ssn", "*******89"), out.key());
    }

    @Test
    void passesTombstoneThroughUnchanged() {
        SourceRecord tombstone = valueRecord(CUSTOMER, null);

        assertSame(tombstone, value(Map.of("fields", "email:redact")).apply(tombstone));
    }

    @Test
    void rejectsPathThroughNonStructField() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "email.domain:redact")).apply(valueRecord(CUSTOMER, customer())));

        assertEquals("Mask: cannot mask inside field 'email' because it is STRING, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void rejectsSchemalessPathThroughString() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "email.domain:redact")).apply(valueRecord(null, Map.of("email", "a@b"))));

        assertEquals("Mask: cannot mask inside field 'email' because it is STRING, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void rejectsSchemalessValueThatIsNotMap() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "email:redact")).apply(valueRecord(null, List.of("a"))));

        assertEquals("Mask: the record value has no schema, so it must be a Map, but it is ARRAY", e.getMessage());
    }

    @Test
    void rejectsKeyWithNonStructSchema() {
        SourceRecord record = new SourceRecord(null, null, "t", 0, Schema.INT64_SCHEMA, 42L, null, null);

        DataException e = assertThrows(DataException.class,
            () -> key(Map.of("fields", "email:redact")).apply(record));

        assertEquals("Mask: the record key must be a Struct, but its schema is INT64 and its value is INT64",
            e.getMessage());
    }

    @Test
    void requiresFields() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of()));

        assertEquals("Missing required configuration \"fields\" which has no default value.", e.getMessage());
    }

    @Test
    void rejectsEmptyFields() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "")));

        assertEquals("Invalid value [] for configuration fields: must list at least one path:rule entry",
            e.getMessage());
    }

    @Test
    void rejectsUnknownRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "ssn:shred")));

        assertEquals("Invalid value [ssn:shred] for configuration fields: entry 'ssn:shred': unknown rule 'shred'; "
            + "use redact, hash, keep-last:N or regex:<pattern>=<replacement>", e.getMessage());
    }

    @Test
    void rejectsEntryWithoutRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "ssn")));

        assertEquals("Invalid value [ssn] for configuration fields: entry 'ssn' is not path:rule (rules: "
            + "redact, hash, keep-last:N or regex:<pattern>=<replacement>; entries are separated by commas, "
            + "so a regex cannot contain one)", e.getMessage());
    }

    @Test
    void rejectsInvalidRegex() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "email:regex:[a-=x")));

        assertEquals("Invalid value [email:regex:[a-=x] for configuration fields: entry 'email:regex:[a-=x': "
            + "regex rule 'regex:[a-=x' has an invalid pattern: Illegal character range near index 3",
            e.getMessage());
    }

    @Test
    void rejectsRegexWithoutReplacement() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "email:regex:.*")));

        assertEquals("Invalid value [email:regex:.*] for configuration fields: entry 'email:regex:.*': "
            + "regex rule 'regex:.*' needs the form regex:<pattern>=<replacement>", e.getMessage());
    }

    @Test
    void rejectsGroupReferenceBeyondPattern() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> value(Map.of("fields", "phone:regex:(\\d{3})=$2")));

        assertEquals("Invalid value [phone:regex:(\\d{3})=$2] for configuration fields: "
            + "entry 'phone:regex:(\\d{3})=$2': "
            + "regex rule 'regex:(\\d{3})=$2' refers to group $2 but the pattern has 1 group(s); "
            + "write \\$ for a dollar sign", e.getMessage());
    }

    @Test
    void rejectsKeepLastWithoutCount() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "card:keep-last:x")));

        assertEquals("Invalid value [card:keep-last:x] for configuration fields: entry 'card:keep-last:x': "
            + "keep-last needs a count of zero or more characters, not 'x'", e.getMessage());
    }

    @Test
    void rejectsPathMaskedTwice() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> value(Map.of("fields", "address:redact,address.city:hash")));

        assertEquals("Invalid value [address:redact, address.city:hash] for configuration fields: "
            + "entry 'address.city:hash' masks a field that another entry already masks, or a parent or child of it",
            e.getMessage());
    }

    @Test
    void rejectsEmptyPathSegment() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "address..city:redact")));

        assertEquals("Invalid value [address..city:redact] for configuration fields: entry 'address..city:redact': "
            + "field path 'address..city' has an empty segment", e.getMessage());
    }

    @Test
    void requiresSecretForHashRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "email:redact,ssn:hash")));

        assertEquals("Invalid value null for configuration hash.secret: is required because fields has the hash "
            + "rule 'ssn:hash'", e.getMessage());
    }

    @Test
    void rejectsEmptySecretWithoutEchoingIt() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> value(Map.of("fields", "ssn:hash", "hash.secret", "")));

        assertEquals("Invalid value for configuration hash.secret: must not be empty", e.getMessage());
    }

    @Test
    void acceptsSecretWithoutHashRule() {
        SourceRecord out = value(Map.of("fields", "pin:redact", "hash.secret", SECRET))
            .apply(valueRecord(null, Map.of("pin", "1234")));

        assertEquals(Map.of("pin", ""), out.value());
    }

    @Test
    void reportsBadRegexThroughConfigValidation() {
        List<ConfigValue> results = Mask.CONFIG_DEF.validate(Map.of("fields", "email:regex:(=x"));
        ConfigValue fields = results.stream().filter(v -> v.name().equals("fields")).findFirst().orElseThrow();

        assertEquals(List.of("Invalid value [email:regex:(=x] for configuration fields: entry 'email:regex:(=x': "
            + "regex rule 'regex:(=x' has an invalid pattern: Unclosed group near index 1"), fields.errorMessages());
    }

    @Test
    void documentsEveryConfigKey() {
        Mask.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    @Test
    void reportsProjectVersion() {
        assertEquals(System.getProperty("tributary.expected.version"), value(Map.of("fields", "a:redact")).version());
    }

    private static Mask<SourceRecord> value(Map<String, String> config) {
        Mask<SourceRecord> transform = new Mask.Value<>();
        transform.configure(config);
        return transform;
    }

    private static Mask<SourceRecord> key(Map<String, String> config) {
        Mask<SourceRecord> transform = new Mask.Key<>();
        transform.configure(config);
        return transform;
    }

    private static SourceRecord valueRecord(Schema schema, Object value) {
        return new SourceRecord(null, null, "customers", 0, null, null, schema, value);
    }

    private static Struct customer() {
        return new Struct(CUSTOMER).put("id", 42L).put("email", "ada@example.com").put("card", "4111111111111111")
            .put("address", new Struct(ADDRESS).put("street", "12 Rue de la Way").put("city", "Lyon"));
    }
}
