package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ConvertTimestampsTest {

    // 2024-03-01T12:30:45.123Z
    private static final long MILLIS = 1_709_296_245_123L;

    private static final Schema AUDIT = SchemaBuilder.struct().name("Audit").optional()
        .field("updated_at", Schema.OPTIONAL_STRING_SCHEMA)
        .build();
    private static final Schema ORDER = SchemaBuilder.struct().name("Order")
        .field("id", Schema.INT64_SCHEMA)
        .field("created_at", Schema.INT64_SCHEMA)
        .field("shipped_at", Timestamp.builder().optional().build())
        .field("audit", AUDIT)
        .build();

    @Test
    void convertsEpochMillisToTimestamp() {
        SourceRecord out = value(Map.of("fields", "created_at", "to", "timestamp")).apply(record(ORDER, order()));

        assertEquals(new Date(MILLIS), ((Struct) out.value()).get("created_at"));
        assertEquals(Timestamp.SCHEMA, out.valueSchema().field("created_at").schema());
        assertEquals(42L, ((Struct) out.value()).get("id"));
    }

    @Test
    void convertsSeveralFieldsAtOnceIncludingNested() {
        Struct order = order().put("shipped_at", new Date(MILLIS + 1000))
            .put("audit", new Struct(AUDIT).put("updated_at", "2024-03-01T13:30:45.123+01:00"));

        SourceRecord out = value(Map.of("fields", "created_at,shipped_at,audit.updated_at", "to", "epoch_millis"))
            .apply(record(ORDER, order));

        Struct value = (Struct) out.value();
        assertEquals(MILLIS, value.get("created_at"));
        assertEquals(MILLIS + 1000, value.get("shipped_at"));
        assertEquals(MILLIS, value.getStruct("audit").get("updated_at"));
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, out.valueSchema().field("shipped_at").schema());
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, value.getStruct("audit").schema().field("updated_at").schema());
        assertEquals("Audit", value.getStruct("audit").schema().name());
    }

    @Test
    void writesIsoInConfiguredZone() {
        SourceRecord out = value(Map.of("fields", "created_at", "to", "iso8601", "time.zone", "Europe/Berlin"))
            .apply(record(ORDER, order()));

        assertEquals("2024-03-01T13:30:45.123+01:00", ((Struct) out.value()).get("created_at"));
        assertEquals(Schema.STRING_SCHEMA, out.valueSchema().field("created_at").schema());
    }

    @Test
    void writesIsoWithZForUtc() {
        SourceRecord out = value(Map.of("fields", "created_at", "to", "iso8601")).apply(record(ORDER, order()));

        assertEquals("2024-03-01T12:30:45.123Z", ((Struct) out.value()).get("created_at"));
    }

    @Test
    void readsEpochMicros() {
        Map<String, Object> value = new HashMap<>(Map.of("ts", MILLIS * 1000 + 456));

        SourceRecord out = value(Map.of("fields", "ts", "from", "epoch_micros", "to", "iso8601"))
            .apply(record(null, value));

        assertEquals("2024-03-01T12:30:45.123456Z", ((Map<?, ?>) out.value()).get("ts"));
    }

    @Test
    void writesEpochMicros() {
        SourceRecord out = value(Map.of("fields", "ts", "to", "epoch_micros"))
            .apply(record(null, Map.of("ts", "2024-03-01T12:30:45.123456Z")));

        assertEquals(MILLIS * 1000 + 456, ((Map<?, ?>) out.value()).get("ts"));
    }

    @Test
    void readsPatternInConfiguredZone() {
        SourceRecord out = value(Map.of("fields", "ts", "from", "pattern", "from.pattern", "dd.MM.uuuu HH:mm",
            "to", "timestamp", "time.zone", "+02:00")).apply(record(null, Map.of("ts", "01.03.2024 14:30")));

        assertEquals(new Date(1_709_296_200_000L), ((Map<?, ?>) out.value()).get("ts"));
    }

    @Test
    void writesPattern() {
        SourceRecord out = value(Map.of("fields", "created_at", "to", "pattern", "to.pattern", "uuuu/MM/dd HH:mm:ss"))
            .apply(record(ORDER, order()));

        assertEquals("2024/03/01 12:30:45", ((Struct) out.value()).get("created_at"));
    }

    @Test
    void readsIsoDateWithoutTimeAsStartOfDayInZone() {
        SourceRecord out = value(Map.of("fields", "d", "to", "epoch_millis", "time.zone", "America/New_York"))
            .apply(record(null, Map.of("d", "2024-03-01")));

        assertEquals(1_709_269_200_000L, ((Map<?, ?>) out.value()).get("d"));
    }

    @Test
    void readsIsoLocalDateTimeInZone() {
        SourceRecord out = value(Map.of("fields", "d", "to", "epoch_millis", "time.zone", "Europe/Berlin"))
            .apply(record(null, Map.of("d", "2024-03-01T13:30:45.123")));

        assertEquals(MILLIS, ((Map<?, ?>) out.value()).get("d"));
    }

    @Test
    void convertsTimestampToConnectDateInZone() {
        // 23:30 UTC on 1 March is already 2 March in Berlin
        Struct order = order().put("shipped_at", new Date(1_709_335_800_000L));

        SourceRecord out = value(Map.of("fields", "shipped_at", "to", "date", "time.zone", "Europe/Berlin"))
            .apply(record(ORDER, order));

        assertEquals(new Date(19_784L * 86_400_000L), ((Struct) out.value()).get("shipped_at"));
        assertEquals(org.apache.kafka.connect.data.Date.builder().optional().build(),
            out.valueSchema().field("shipped_at").schema());
    }

    @Test
    void convertsConnectTimeToIsoOnEpochDay() {
        Schema schema = SchemaBuilder.struct().field("t", Time.SCHEMA).build();
        Struct value = new Struct(schema).put("t", new Date(45_045_123L));

        SourceRecord out = value(Map.of("fields", "t", "to", "iso8601")).apply(record(schema, value));

        assertEquals("1970-01-01T12:30:45.123Z", ((Struct) out.value()).get("t"));
    }

    @Test
    void convertsConnectDateToStartOfDay() {
        Schema schema = SchemaBuilder.struct().field("d", org.apache.kafka.connect.data.Date.SCHEMA).build();
        Struct value = new Struct(schema).put("d", new Date(19_783L * 86_400_000L));

        SourceRecord out = value(Map.of("fields", "d", "to", "iso8601", "time.zone", "+05:00"))
            .apply(record(schema, value));

        assertEquals("2024-03-01T00:00:00+05:00", ((Struct) out.value()).get("d"));
    }

    @Test
    void keepsNullFieldNull() {
        SourceRecord out = value(Map.of("fields", "shipped_at,audit.updated_at", "to", "epoch_millis"))
            .apply(record(ORDER, order()));

        assertNull(((Struct) out.value()).get("shipped_at"));
        assertNull(((Struct) out.value()).get("audit"));
    }

    @Test
    void reusesOutputSchemaForSameInputSchema() {
        ConvertTimestamps<SourceRecord> transform = value(Map.of("fields", "created_at", "to", "timestamp"));

        Schema first = transform.apply(record(ORDER, order())).valueSchema();
        Schema second = transform.apply(record(ORDER, order())).valueSchema();

        assertSame(first, second);
    }

    @Test
    void skipsFieldsTheRecordLacks() {
        SourceRecord in = record(ORDER, order());
        SourceRecord schemaless = record(null, Map.of("id", 1L));
        ConvertTimestamps<SourceRecord> transform = value(Map.of("fields", "deleted_at", "to", "timestamp"));

        assertSame(in, transform.apply(in));
        assertSame(schemaless, transform.apply(schemaless));
    }

    @Test
    void convertsNestedSchemalessFieldWithoutChangingInput() {
        Map<String, Object> audit = new HashMap<>(Map.of("updated_at", MILLIS));
        Map<String, Object> value = new HashMap<>(Map.of("audit", audit));

        SourceRecord out = value(Map.of("fields", "audit.updated_at", "to", "iso8601")).apply(record(null, value));

        assertEquals(Map.of("audit", Map.of("updated_at", "2024-03-01T12:30:45.123Z")), out.value());
        assertEquals(MILLIS, audit.get("updated_at"));
    }

    @Test
    void readsDateValueOfSchemalessRecordAsTimestamp() {
        SourceRecord out = value(Map.of("fields", "ts", "to", "epoch_millis"))
            .apply(record(null, Map.of("ts", new Date(MILLIS))));

        assertEquals(MILLIS, ((Map<?, ?>) out.value()).get("ts"));
    }

    @Test
    void convertsKeyFields() {
        ConvertTimestamps<SourceRecord> transform = new ConvertTimestamps.Key<>();
        transform.configure(Map.of("fields", "created_at", "to", "iso8601"));
        SourceRecord in = new SourceRecord(null, null, "orders", 0, ORDER, order(), Schema.STRING_SCHEMA, "v");

        SourceRecord out = transform.apply(in);

        assertEquals("2024-03-01T12:30:45.123Z", ((Struct) out.key()).get("created_at"));
        assertEquals("v", out.value());
    }

    @Test
    void passesTombstoneUnchanged() {
        SourceRecord in = record(ORDER, null);

        assertSame(in, value(Map.of("fields", "created_at", "to", "timestamp")).apply(in));
    }

    @Test
    void failsOnFieldOfWrongSchemaType() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "created_at", "from", "iso8601", "to", "timestamp"))
                .apply(record(ORDER, order())));

        assertEquals("ConvertTimestamps: field 'created_at' is INT64, which cannot hold iso8601", e.getMessage());
    }

    @Test
    void failsOnStructFieldWithAuto() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "audit", "to", "timestamp")).apply(record(ORDER, order())));

        assertEquals("ConvertTimestamps: field 'audit' is STRUCT (Audit), which cannot hold a time that from=auto "
            + "recognises", e.getMessage());
    }

    @Test
    void failsOnSchemalessValueOfWrongType() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "ts", "from", "epoch_millis", "to", "timestamp"))
                .apply(record(null, Map.of("ts", "yesterday"))));

        assertEquals("ConvertTimestamps: field 'ts' must hold epoch_millis, but it is STRING", e.getMessage());
    }

    @Test
    void failsOnUnparseableText() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "ts", "to", "timestamp")).apply(record(null, Map.of("ts", "yesterday"))));

        assertTrue(e.getMessage().startsWith("ConvertTimestamps: field 'ts' is not iso8601: "), e.getMessage());
    }

    @Test
    void failsOnTextNotInPattern() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "ts", "from", "pattern", "from.pattern", "dd.MM.uuuu", "to", "timestamp"))
                .apply(record(null, Map.of("ts", "2024-03-01"))));

        assertTrue(e.getMessage().startsWith("ConvertTimestamps: field 'ts' is not pattern 'dd.MM.uuuu': "),
            e.getMessage());
    }

    @Test
    void failsOnPathThroughPrimitive() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "id.x", "to", "timestamp")).apply(record(null, Map.of("id", 1L))));

        assertEquals("ConvertTimestamps: cannot convert inside field 'id' because it is INT64, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void failsOnSchemalessValueThatIsNotAMap() {
        DataException e = assertThrows(DataException.class,
            () -> value(Map.of("fields", "ts", "to", "timestamp")).apply(record(null, 5L)));

        assertEquals("ConvertTimestamps: the record value has no schema, so it must be a Map, but it is INT64",
            e.getMessage());
    }

    @Test
    void rejectsBadPattern() {
        List<ConfigValue> results = ConvertTimestamps.CONFIG_DEF.validate(
            Map.of("fields", "ts", "to", "pattern", "to.pattern", "uuuu-MM-dd {"));
        ConfigValue pattern = results.stream().filter(v -> v.name().equals("to.pattern")).findFirst().orElseThrow();

        assertEquals(1, pattern.errorMessages().size());
        assertTrue(pattern.errorMessages().get(0).startsWith("Invalid value uuuu-MM-dd { for configuration "
            + "to.pattern: is not a DateTimeFormatter pattern: "), pattern.errorMessages().get(0));
    }

    @Test
    void requiresPatternForPatternFormat() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> value(Map.of("fields", "ts", "from", "pattern", "to", "timestamp")));

        assertEquals("Invalid value null for configuration from.pattern: is required because from=pattern",
            e.getMessage());
    }

    @Test
    void rejectsUnknownZone() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> value(Map.of("fields", "ts", "to", "timestamp", "time.zone", "Mars/Olympus")));

        assertTrue(e.getMessage().startsWith("Invalid value Mars/Olympus for configuration time.zone: is not a zone "
            + "ID or offset"), e.getMessage());
    }

    @Test
    void rejectsUnknownTargetFormat() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(Map.of("fields", "ts", "to", "unix")));

        assertEquals("Invalid value unix for configuration to: must be one of epoch_millis, epoch_micros, iso8601, "
            + "pattern, timestamp, date, time", e.getMessage());
    }

    @Test
    void rejectsOverlappingFields() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> value(Map.of("fields", "audit,audit.updated_at", "to", "timestamp")));

        assertEquals("Invalid value [audit, audit.updated_at] for configuration fields: 'audit.updated_at' is inside "
            + "or around another listed field", e.getMessage());
    }

    @Test
    void documentsEveryConfigKey() {
        ConvertTimestamps.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    private static ConvertTimestamps<SourceRecord> value(Map<String, String> config) {
        ConvertTimestamps<SourceRecord> transform = new ConvertTimestamps.Value<>();
        transform.configure(config);
        return transform;
    }

    private static Struct order() {
        return new Struct(ORDER).put("id", 42L).put("created_at", MILLIS);
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "orders", 0, null, null, schema, value);
    }
}
