package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class UnwrapTest {

    static final String PLACEHOLDER = "__debezium_unavailable_value";

    static final Schema ROW = SchemaBuilder.struct().name("server1.public.customers.Value").optional()
        .field("id", Schema.INT32_SCHEMA)
        .field("name", Schema.OPTIONAL_STRING_SCHEMA)
        .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
        .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
        .build();
    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
        .field("connector", Schema.STRING_SCHEMA)
        .field("ts_ms", Schema.INT64_SCHEMA)
        .field("db", Schema.STRING_SCHEMA)
        .field("schema", Schema.STRING_SCHEMA)
        .field("table", Schema.STRING_SCHEMA)
        .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
        .build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("server1.public.customers.Envelope")
        .field("before", ROW)
        .field("after", ROW)
        .field("source", SOURCE)
        .field("op", Schema.STRING_SCHEMA)
        .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
        .build();

    // ---- creates, reads, updates

    @Test
    void turnsCreateEventIntoAfterRow() {
        SourceRecord out = unwrap(Map.of()).apply(record(event("c", null, row(1, "Ada"))));

        assertEquals(row(1, "Ada"), out.value());
        assertEquals(ROW, out.valueSchema());
    }

    @Test
    void turnsSnapshotReadAndUpdateIntoAfterRow() {
        Unwrap<SourceRecord> unwrap = unwrap(Map.of());

        assertEquals(row(1, "Ada"), unwrap.apply(record(event("r", null, row(1, "Ada")))).value());
        assertEquals(row(1, "Ada L."), unwrap.apply(record(event("u", row(1, "Ada"), row(1, "Ada L.")))).value());
    }

    @Test
    void keepsKeyTopicAndTimestamp() {
        SourceRecord in = new SourceRecord(null, null, "server1.public.customers", 2, Schema.INT32_SCHEMA, 1,
            ENVELOPE, event("c", null, row(1, "Ada")), 1234L);

        SourceRecord out = unwrap(Map.of()).apply(in);

        assertEquals(1, out.key());
        assertSame(Schema.INT32_SCHEMA, out.keySchema());
        assertEquals("server1.public.customers", out.topic());
        assertEquals(2, out.kafkaPartition());
        assertEquals(1234L, out.timestamp());
    }

    @Test
    void reusesOutputSchemaForSameEnvelopeSchema() {
        Unwrap<SourceRecord> unwrap = unwrap(Map.of("add.fields", "op"));

        Schema first = unwrap.apply(record(event("c", null, row(1, "Ada")))).valueSchema();
        Schema second = unwrap.apply(record(event("u", row(1, "Ada"), row(1, "Bo")))).valueSchema();

        assertSame(first, second);
    }

    // ---- deletes and tombstones

    @Test
    void turnsDeleteIntoTombstoneWithSameKey() {
        SourceRecord out = unwrap(Map.of()).apply(keyed(event("d", row(1, "Ada"), null)));

        assertEquals(1, out.key());
        assertNull(out.value());
        assertNull(out.valueSchema());
    }

    @Test
    void rewritesDeleteAsBeforeRowFlaggedDeleted() {
        SourceRecord out = unwrap(Map.of("delete.handling", "rewrite")).apply(record(event("d", row(1, "Ada"), null)));

        Struct value = (Struct) out.value();
        assertEquals(1, value.get("id"));
        assertEquals("Ada", value.get("name"));
        assertEquals(true, value.get("__deleted"));
        assertEquals(Schema.OPTIONAL_BOOLEAN_SCHEMA, out.valueSchema().field("__deleted").schema());
    }

    @Test
    void flagsOtherRowsNotDeletedWhenRewriting() {
        SourceRecord out = unwrap(Map.of("delete.handling", "rewrite")).apply(record(event("c", null, row(1, "Ada"))));

        assertEquals(false, ((Struct) out.value()).get("__deleted"));
    }

    @Test
    void dropsDeleteWhenConfigured() {
        assertNull(unwrap(Map.of("delete.handling", "DROP")).apply(record(event("d", row(1, "Ada"), null))));
    }

    @Test
    void dropsDebeziumTombstoneByDefault() {
        assertNull(unwrap(Map.of()).apply(keyedTombstone()));
    }

    @Test
    void passesDebeziumTombstoneWhenNotDropping() {
        SourceRecord tombstone = keyedTombstone();

        assertSame(tombstone, unwrap(Map.of("drop.tombstones", "false")).apply(tombstone));
    }

    @Test
    void dropsTruncateAndMessageEvents() {
        Unwrap<SourceRecord> unwrap = unwrap(Map.of());

        assertNull(unwrap.apply(record(event("t", null, null))));
        assertNull(unwrap.apply(record(null, mapEvent("m", null, null))));
    }

    // ---- added fields and headers

    @Test
    void addsEnvelopeFieldsWithPrefixAndOptionalSchemas() {
        SourceRecord out = unwrap(Map.of("add.fields", "op,source.ts_ms,source.table,source.lsn,ts_ms"))
            .apply(record(event("u", row(1, "Ada"), row(1, "Bo"))));

        Struct value = (Struct) out.value();
        assertEquals("u", value.get("__op"));
        assertEquals(1_700_000_000_000L, value.get("__source_ts_ms"));
        assertEquals("customers", value.get("__source_table"));
        assertEquals(24_023_128L, value.get("__source_lsn"));
        assertEquals(1_700_000_000_100L, value.get("__ts_ms"));
        assertEquals(List.of("id", "name", "notes", "photo", "tags", "__op", "__source_ts_ms", "__source_table",
            "__source_lsn", "__ts_ms"), out.valueSchema().fields().stream().map(Field::name).toList());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, out.valueSchema().field("__op").schema());
        assertEquals(Schema.OPTIONAL_INT64_SCHEMA, out.valueSchema().field("__source_ts_ms").schema());
    }

    @Test
    void usesConfiguredPrefix() {
        SourceRecord out = unwrap(Map.of("add.fields", "op", "add.prefix", "cdc_", "delete.handling", "rewrite"))
            .apply(record(event("c", null, row(1, "Ada"))));

        assertEquals("c", ((Struct) out.value()).get("cdc_op"));
        assertEquals(false, ((Struct) out.value()).get("cdc_deleted"));
    }

    @Test
    void addsEnvelopeFieldsAsHeaders() {
        SourceRecord out = unwrap(Map.of("add.headers", "op,source.table"))
            .apply(record(event("c", null, row(1, "Ada"))));

        Header op = out.headers().lastWithName("__op");
        assertEquals("c", op.value());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, op.schema());
        assertEquals("customers", out.headers().lastWithName("__source_table").value());
        assertEquals(ROW, out.valueSchema());
    }

    @Test
    void addsHeadersToTombstone() {
        SourceRecord out = unwrap(Map.of("add.headers", "op")).apply(keyed(event("d", row(1, "Ada"), null)));

        assertNull(out.value());
        assertEquals("d", out.headers().lastWithName("__op").value());
    }

    @Test
    void leavesInputHeadersUntouched() {
        SourceRecord in = record(event("c", null, row(1, "Ada")));

        unwrap(Map.of("add.headers", "op")).apply(in);

        assertEquals(0, in.headers().size());
    }

    // ---- TOAST placeholders

    @Test
    void omitsUnchangedToastedTextColumn() {
        Struct after = row(1, "Ada").put("notes", PLACEHOLDER);

        SourceRecord out = unwrap(Map.of()).apply(record(event("u", null, after)));

        assertEquals(List.of("id", "name", "photo", "tags"),
            out.valueSchema().fields().stream().map(Field::name).toList());
        assertEquals("Ada", ((Struct) out.value()).get("name"));
    }

    @Test
    void omitsUnchangedToastedBytesAndArrayColumns() {
        Struct after = row(1, "Ada").put("photo", PLACEHOLDER.getBytes(StandardCharsets.UTF_8))
            .put("tags", List.of(PLACEHOLDER));

        SourceRecord out = unwrap(Map.of()).apply(record(event("u", null, after)));

        assertEquals(List.of("id", "name", "notes"), out.valueSchema().fields().stream().map(Field::name).toList());
    }

    @Test
    void reusesSchemaForSameOmittedColumns() {
        Unwrap<SourceRecord> unwrap = unwrap(Map.of());

        Schema first = unwrap.apply(record(event("u", null, row(1, "Ada").put("notes", PLACEHOLDER)))).valueSchema();
        Schema second = unwrap.apply(record(event("u", null, row(2, "Bo").put("notes", PLACEHOLDER)))).valueSchema();

        assertSame(first, second);
    }

    @Test
    void keepsPlaceholderWhenConfigured() {
        Struct after = row(1, "Ada").put("notes", PLACEHOLDER);

        SourceRecord out = unwrap(Map.of("toast.placeholder.handling", "keep")).apply(record(event("u", null, after)));

        assertEquals(PLACEHOLDER, ((Struct) out.value()).get("notes"));
    }

    @Test
    void recognisesConfiguredPlaceholder() {
        Struct after = row(1, "Ada").put("notes", "<unchanged>");

        SourceRecord out = unwrap(Map.of("toast.placeholder", "<unchanged>")).apply(record(event("u", null, after)));

        assertNull(out.valueSchema().field("notes"));
    }

    @Test
    void omitsPlaceholderFromSchemalessRow() {
        Map<String, Object> after = mapRow(1, "Ada");
        after.put("notes", PLACEHOLDER);
        after.put("counts", intList(PLACEHOLDER.getBytes(StandardCharsets.UTF_8)));
        after.put("attrs", Map.of(PLACEHOLDER, PLACEHOLDER));

        SourceRecord out = unwrap(Map.of()).apply(record(null, mapEvent("u", null, after)));

        assertEquals(mapRow(1, "Ada"), out.value());
    }

    // ---- schemaless events

    @Test
    void turnsSchemalessCreateIntoRowMap() {
        SourceRecord out = unwrap(Map.of("add.fields", "op,source.table"))
            .apply(record(null, mapEvent("c", null, mapRow(1, "Ada"))));

        Map<String, Object> expected = mapRow(1, "Ada");
        expected.put("__op", "c");
        expected.put("__source_table", "customers");
        assertEquals(expected, out.value());
        assertNull(out.valueSchema());
    }

    @Test
    void rewritesSchemalessDelete() {
        SourceRecord out = unwrap(Map.of("delete.handling", "rewrite"))
            .apply(record(null, mapEvent("d", mapRow(1, "Ada"), null)));

        Map<String, Object> expected = mapRow(1, "Ada");
        expected.put("__deleted", true);
        assertEquals(expected, out.value());
    }

    @Test
    void turnsSchemalessDeleteIntoTombstoneWithHeaders() {
        SourceRecord out = unwrap(Map.of("add.headers", "op,source.lsn"))
            .apply(record(null, mapEvent("d", mapRow(1, "Ada"), null)));

        assertNull(out.value());
        assertEquals("d", out.headers().lastWithName("__op").value());
        assertEquals(24_023_128L, out.headers().lastWithName("__source_lsn").value());
    }

    @Test
    void readsMissingSchemalessEnvelopeFieldAsNull() {
        SourceRecord out = unwrap(Map.of("add.fields", "source.xmin"))
            .apply(record(null, mapEvent("c", null, mapRow(1, "Ada"))));

        assertTrue(((Map<?, ?>) out.value()).containsKey("__source_xmin"));
        assertNull(((Map<?, ?>) out.value()).get("__source_xmin"));
    }

    // ---- records that are not change events

    @Test
    void failsOnStructWithoutOp() {
        Schema row = SchemaBuilder.struct().name("Heartbeat").field("ts", Schema.INT64_SCHEMA).build();

        DataException e = assertThrows(DataException.class,
            () -> unwrap(Map.of()).apply(record(row, new Struct(row).put("ts", 1L))));

        assertEquals("Unwrap: the record value is not a change event because its schema STRUCT (Heartbeat) has no "
            + "field 'op'; set non.change.events=pass to let such records through", e.getMessage());
    }

    @Test
    void passesRecordsWithoutOpWhenConfigured() {
        Schema row = SchemaBuilder.struct().name("Heartbeat").field("ts", Schema.INT64_SCHEMA).build();
        SourceRecord heartbeat = record(row, new Struct(row).put("ts", 1L));
        SourceRecord schemaless = record(null, Map.of("ts", 1L));
        Unwrap<SourceRecord> unwrap = unwrap(Map.of("non.change.events", "pass"));

        assertSame(heartbeat, unwrap.apply(heartbeat));
        assertSame(schemaless, unwrap.apply(schemaless));
    }

    @Test
    void failsOnValueOfWrongType() {
        DataException e = assertThrows(DataException.class,
            () -> unwrap(Map.of()).apply(record(Schema.STRING_SCHEMA, "text")));

        assertEquals("Unwrap: the record value must be a change event, a Struct or a Map, but it is STRING",
            e.getMessage());
    }

    @Test
    void failsOnUnknownOperation() {
        DataException e = assertThrows(DataException.class,
            () -> unwrap(Map.of()).apply(record(event("x", null, row(1, "Ada")))));

        assertEquals("Unwrap: field 'op' of the change event is 'x', which is none of c, r, u, d, t, m",
            e.getMessage());
    }

    @Test
    void failsOnOpOfWrongTypeInSchemalessEvent() {
        Map<String, Object> event = mapEvent("c", null, mapRow(1, "Ada"));
        event.put("op", 1L);

        DataException e = assertThrows(DataException.class, () -> unwrap(Map.of()).apply(record(null, event)));

        assertEquals("Unwrap: field 'op' of the change event must be a string, but it is INT64", e.getMessage());
    }

    @Test
    void failsOnSchemalessAfterOfWrongType() {
        Map<String, Object> event = mapEvent("c", null, null);
        event.put("after", "row");

        DataException e = assertThrows(DataException.class, () -> unwrap(Map.of()).apply(record(null, event)));

        assertEquals("Unwrap: field 'after' of the change event must be a Map, but it is STRING", e.getMessage());
    }

    @Test
    void failsOnCreateWithoutAfter() {
        DataException e = assertThrows(DataException.class,
            () -> unwrap(Map.of()).apply(record(event("c", null, null))));

        assertEquals("Unwrap: field 'after' of a change event with op 'c' is null", e.getMessage());
    }

    @Test
    void failsToRewriteDeleteWithoutBefore() {
        DataException e = assertThrows(DataException.class,
            () -> unwrap(Map.of("delete.handling", "rewrite")).apply(record(event("d", null, null))));

        assertTrue(e.getMessage().startsWith("Unwrap: field 'before' of a change event with op 'd' is null"));
    }

    @Test
    void failsOnAddedFieldTheEnvelopeLacks() {
        DataException e = assertThrows(DataException.class,
            () -> unwrap(Map.of("add.fields", "source.xmin")).apply(record(event("c", null, row(1, "Ada")))));

        assertEquals("Unwrap: add.fields names field 'source.xmin', which the change event schema STRUCT "
            + "(server1.public.customers.Envelope) does not have", e.getMessage());
    }

    @Test
    void failsWhenAddedFieldClashesWithColumn() {
        Map<String, Object> after = mapRow(1, "Ada");
        after.put("__op", "x");

        DataException e = assertThrows(DataException.class,
            () -> unwrap(Map.of("add.fields", "op")).apply(record(null, mapEvent("c", null, after))));

        assertEquals("Unwrap: cannot add field '__op' because the row already has a column of that name; change "
            + "add.prefix", e.getMessage());
    }

    // ---- configuration

    @Test
    void rejectsUnknownDeleteHandling() {
        ConfigException e = assertThrows(ConfigException.class, () -> unwrap(Map.of("delete.handling", "purge")));

        assertEquals("Invalid value purge for configuration delete.handling: must be one of tombstone, rewrite, drop",
            e.getMessage());
    }

    @Test
    void rejectsAddedFieldsThatShareAName() {
        List<ConfigValue> results = Unwrap.CONFIG_DEF.validate(Map.of("add.fields", "source.ts_ms,source_ts.ms"));
        ConfigValue fields = results.stream().filter(v -> v.name().equals("add.fields")).findFirst().orElseThrow();

        assertEquals(List.of("Invalid value [source.ts_ms, source_ts.ms] for configuration add.fields: 'source.ts_ms' "
            + "and 'source_ts.ms' would both be named 'source_ts_ms' after the prefix"), fields.errorMessages());
    }

    @Test
    void rejectsEmptyPathSegment() {
        ConfigException e = assertThrows(ConfigException.class, () -> unwrap(Map.of("add.headers", "source.")));

        assertEquals("Invalid value [source.] for configuration add.headers: field path 'source.' has an empty segment",
            e.getMessage());
    }

    @Test
    void rejectsAddedFieldNamedLikeDeletedFlag() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> unwrap(Map.of("add.fields", "deleted", "delete.handling", "rewrite")));

        assertTrue(e.getMessage().contains("entry 'deleted' would be named '__deleted'"), e.getMessage());
    }

    @Test
    void rejectsBlankPrefix() {
        assertThrows(ConfigException.class, () -> unwrap(Map.of("add.prefix", " ")));
    }

    @Test
    void documentsEveryConfigKey() {
        Unwrap.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    @Test
    void isUsableWithoutAWorker() {
        Unwrap<SourceRecord> unwrap = Unwrap.configured(Map.of("delete.handling", "rewrite"));

        assertEquals(true, ((Struct) unwrap.apply(record(event("d", row(1, "Ada"), null))).value()).get("__deleted"));
        assertEquals(System.getProperty("tributary.expected.version"), unwrap.version());
    }

    // ---- helpers

    static Unwrap<SourceRecord> unwrap(Map<String, String> config) {
        Unwrap<SourceRecord> unwrap = new Unwrap<>();
        unwrap.configure(config);
        return unwrap;
    }

    static Struct row(int id, String name) {
        return new Struct(ROW).put("id", id).put("name", name).put("notes", "long text");
    }

    static Struct event(String op, Struct before, Struct after) {
        Struct source = new Struct(SOURCE).put("connector", "postgresql").put("ts_ms", 1_700_000_000_000L)
            .put("db", "shop").put("schema", "public").put("table", "customers").put("lsn", 24_023_128L);
        return new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source).put("op", op)
            .put("ts_ms", 1_700_000_000_100L);
    }

    static Map<String, Object> mapRow(long id, String name) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", name);
        return row;
    }

    static Map<String, Object> mapEvent(String op, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> source = new HashMap<>();
        source.put("connector", "postgresql");
        source.put("ts_ms", 1_700_000_000_000L);
        source.put("table", "customers");
        source.put("lsn", 24_023_128L);
        Map<String, Object> event = new HashMap<>();
        event.put("before", before);
        event.put("after", after);
        event.put("source", source);
        event.put("op", op);
        event.put("ts_ms", 1_700_000_000_100L);
        return event;
    }

    private static List<Object> intList(byte[] bytes) {
        List<Object> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add((long) b);
        }
        return list;
    }

    static SourceRecord record(Struct envelope) {
        return record(ENVELOPE, envelope);
    }

    static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "server1.public.customers", 0, null, null, schema, value);
    }

    private static SourceRecord keyed(Struct envelope) {
        return new SourceRecord(null, null, "server1.public.customers", 0, Schema.INT32_SCHEMA, 1, ENVELOPE, envelope);
    }

    private static SourceRecord keyedTombstone() {
        return new SourceRecord(null, null, "server1.public.customers", 0, Schema.INT32_SCHEMA, 1, null, null);
    }
}
