package io.tributary.connect.common.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.common.data.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeEventRowsTest {

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

    private static final RowOptions DEFAULTS = RowOptions.defaults();

    // ---- creates, reads, updates

    @Test
    void turnsCreateEventIntoAfterRow() {
        SourceRecord out = rows(DEFAULTS).apply(record(event("c", null, row(1, "Ada"))));

        assertEquals(row(1, "Ada"), out.value());
        assertEquals(ROW, out.valueSchema());
    }

    @Test
    void turnsSnapshotReadAndUpdateIntoAfterRow() {
        ChangeEventRows rows = rows(DEFAULTS);

        assertEquals(row(1, "Ada"), rows.apply(record(event("r", null, row(1, "Ada")))).value());
        assertEquals(row(1, "Ada L."), rows.apply(record(event("u", row(1, "Ada"), row(1, "Ada L.")))).value());
    }

    @Test
    void keepsKeyTopicAndTimestamp() {
        SourceRecord in = new SourceRecord(null, null, "server1.public.customers", 2, Schema.INT32_SCHEMA, 1,
            ENVELOPE, event("c", null, row(1, "Ada")), 1234L);

        SourceRecord out = rows(DEFAULTS).apply(in);

        assertEquals(1, out.key());
        assertSame(Schema.INT32_SCHEMA, out.keySchema());
        assertEquals("server1.public.customers", out.topic());
        assertEquals(2, out.kafkaPartition());
        assertEquals(1234L, out.timestamp());
    }

    @Test
    void reusesOutputSchemaForSameEnvelopeSchema() {
        ChangeEventRows rows = rows(DEFAULTS.withAddFields(paths("op")));

        Schema first = rows.apply(record(event("c", null, row(1, "Ada")))).valueSchema();
        Schema second = rows.apply(record(event("u", row(1, "Ada"), row(1, "Bo")))).valueSchema();

        assertSame(first, second);
    }

    // ---- deletes and tombstones

    @Test
    void turnsDeleteIntoTombstoneWithSameKey() {
        SourceRecord out = rows(DEFAULTS).apply(keyed(event("d", row(1, "Ada"), null)));

        assertEquals(1, out.key());
        assertNull(out.value());
        assertNull(out.valueSchema());
    }

    @Test
    void rewritesDeleteAsBeforeRowFlaggedDeleted() {
        SourceRecord out = rows(DEFAULTS.withDeleteHandling(DeleteHandling.REWRITE))
            .apply(record(event("d", row(1, "Ada"), null)));

        Struct value = (Struct) out.value();
        assertEquals(1, value.get("id"));
        assertEquals("Ada", value.get("name"));
        assertEquals(true, value.get("__deleted"));
        assertEquals(Schema.OPTIONAL_BOOLEAN_SCHEMA, out.valueSchema().field("__deleted").schema());
    }

    @Test
    void flagsOtherRowsNotDeletedWhenRewriting() {
        SourceRecord out = rows(DEFAULTS.withDeleteHandling(DeleteHandling.REWRITE))
            .apply(record(event("c", null, row(1, "Ada"))));

        assertEquals(false, ((Struct) out.value()).get("__deleted"));
    }

    @Test
    void dropsDeleteWhenConfigured() {
        ChangeEventRows rows = rows(DEFAULTS.withDeleteHandling(DeleteHandling.DROP));

        assertNull(rows.apply(record(event("d", row(1, "Ada"), null))));
    }

    @Test
    void dropsTombstoneByDefault() {
        assertNull(rows(DEFAULTS).apply(keyedTombstone()));
    }

    @Test
    void passesTombstoneWhenNotDropping() {
        SourceRecord tombstone = keyedTombstone();

        assertSame(tombstone, rows(DEFAULTS.withDropTombstones(false)).apply(tombstone));
    }

    @Test
    void dropsTruncateAndMessageEvents() {
        ChangeEventRows rows = rows(DEFAULTS);

        assertNull(rows.apply(record(event("t", null, null))));
        assertNull(rows.apply(record(null, mapEvent("m", null, null))));
    }

    // ---- added fields and headers

    @Test
    void addsEnvelopeFieldsWithPrefixAndOptionalSchemas() {
        SourceRecord out = rows(DEFAULTS.withAddFields(paths("op", "source.ts_ms", "source.table", "source.lsn",
            "ts_ms"))).apply(record(event("u", row(1, "Ada"), row(1, "Bo"))));

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
        SourceRecord out = rows(DEFAULTS.withAddFields(paths("op")).withPrefix("cdc_")
            .withDeleteHandling(DeleteHandling.REWRITE)).apply(record(event("c", null, row(1, "Ada"))));

        assertEquals("c", ((Struct) out.value()).get("cdc_op"));
        assertEquals(false, ((Struct) out.value()).get("cdc_deleted"));
    }

    @Test
    void addsEnvelopeFieldsAsHeaders() {
        SourceRecord out = rows(DEFAULTS.withAddHeaders(paths("op", "source.table")))
            .apply(record(event("c", null, row(1, "Ada"))));

        Header op = out.headers().lastWithName("__op");
        assertEquals("c", op.value());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, op.schema());
        assertEquals("customers", out.headers().lastWithName("__source_table").value());
        assertEquals(ROW, out.valueSchema());
    }

    @Test
    void addsHeadersToTombstone() {
        SourceRecord out = rows(DEFAULTS.withAddHeaders(paths("op"))).apply(keyed(event("d", row(1, "Ada"), null)));

        assertNull(out.value());
        assertEquals("d", out.headers().lastWithName("__op").value());
    }

    @Test
    void leavesInputHeadersUntouched() {
        SourceRecord in = record(event("c", null, row(1, "Ada")));

        rows(DEFAULTS.withAddHeaders(paths("op"))).apply(in);

        assertEquals(0, in.headers().size());
    }

    // ---- TOAST placeholders

    @Test
    void omitsUnchangedToastedTextColumn() {
        Struct after = row(1, "Ada").put("notes", PLACEHOLDER);

        SourceRecord out = rows(DEFAULTS).apply(record(event("u", null, after)));

        assertEquals(List.of("id", "name", "photo", "tags"),
            out.valueSchema().fields().stream().map(Field::name).toList());
        assertEquals("Ada", ((Struct) out.value()).get("name"));
    }

    @Test
    void omitsUnchangedToastedBytesAndArrayColumns() {
        Struct after = row(1, "Ada").put("photo", PLACEHOLDER.getBytes(StandardCharsets.UTF_8))
            .put("tags", List.of(PLACEHOLDER));

        SourceRecord out = rows(DEFAULTS).apply(record(event("u", null, after)));

        assertEquals(List.of("id", "name", "notes"), out.valueSchema().fields().stream().map(Field::name).toList());
    }

    @Test
    void reusesSchemaForSameOmittedColumns() {
        ChangeEventRows rows = rows(DEFAULTS);

        Schema first = rows.apply(record(event("u", null, row(1, "Ada").put("notes", PLACEHOLDER)))).valueSchema();
        Schema second = rows.apply(record(event("u", null, row(2, "Bo").put("notes", PLACEHOLDER)))).valueSchema();

        assertSame(first, second);
    }

    @Test
    void keepsPlaceholderWithoutOne() {
        Struct after = row(1, "Ada").put("notes", PLACEHOLDER);

        SourceRecord out = rows(DEFAULTS.withToastPlaceholder(null)).apply(record(event("u", null, after)));

        assertEquals(PLACEHOLDER, ((Struct) out.value()).get("notes"));
    }

    @Test
    void recognisesConfiguredPlaceholder() {
        Struct after = row(1, "Ada").put("notes", "<unchanged>");

        SourceRecord out = rows(DEFAULTS.withToastPlaceholder("<unchanged>")).apply(record(event("u", null, after)));

        assertNull(out.valueSchema().field("notes"));
    }

    @Test
    void omitsPlaceholderFromSchemalessRow() {
        Map<String, Object> after = mapRow(1, "Ada");
        after.put("notes", PLACEHOLDER);
        after.put("counts", intList(PLACEHOLDER.getBytes(StandardCharsets.UTF_8)));
        after.put("attrs", Map.of(PLACEHOLDER, PLACEHOLDER));

        SourceRecord out = rows(DEFAULTS).apply(record(null, mapEvent("u", null, after)));

        assertEquals(mapRow(1, "Ada"), out.value());
    }

    @Test
    void rejectsEmptyPlaceholder() {
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withToastPlaceholder(""));
    }

    // ---- schemaless events

    @Test
    void turnsSchemalessCreateIntoRowMap() {
        SourceRecord out = rows(DEFAULTS.withAddFields(paths("op", "source.table")))
            .apply(record(null, mapEvent("c", null, mapRow(1, "Ada"))));

        Map<String, Object> expected = mapRow(1, "Ada");
        expected.put("__op", "c");
        expected.put("__source_table", "customers");
        assertEquals(expected, out.value());
        assertNull(out.valueSchema());
    }

    @Test
    void rewritesSchemalessDelete() {
        SourceRecord out = rows(DEFAULTS.withDeleteHandling(DeleteHandling.REWRITE))
            .apply(record(null, mapEvent("d", mapRow(1, "Ada"), null)));

        Map<String, Object> expected = mapRow(1, "Ada");
        expected.put("__deleted", true);
        assertEquals(expected, out.value());
    }

    @Test
    void turnsSchemalessDeleteIntoTombstoneWithHeaders() {
        SourceRecord out = rows(DEFAULTS.withAddHeaders(paths("op", "source.lsn")))
            .apply(record(null, mapEvent("d", mapRow(1, "Ada"), null)));

        assertNull(out.value());
        assertEquals("d", out.headers().lastWithName("__op").value());
        assertEquals(24_023_128L, out.headers().lastWithName("__source_lsn").value());
    }

    @Test
    void readsMissingSchemalessEnvelopeFieldAsNull() {
        SourceRecord out = rows(DEFAULTS.withAddFields(paths("source.xmin")))
            .apply(record(null, mapEvent("c", null, mapRow(1, "Ada"))));

        assertTrue(((Map<?, ?>) out.value()).containsKey("__source_xmin"));
        assertNull(((Map<?, ?>) out.value()).get("__source_xmin"));
    }

    // ---- records that are not change events

    @Test
    void failsOnStructWithoutOp() {
        Schema row = SchemaBuilder.struct().name("Heartbeat").field("ts", Schema.INT64_SCHEMA).build();

        DataException e = assertThrows(DataException.class,
            () -> rows(DEFAULTS).apply(record(row, new Struct(row).put("ts", 1L))));

        assertEquals("Rows: the record value is not a change event because its schema STRUCT (Heartbeat) has no "
            + "field 'op'; set non.change.events=pass to let such records through", e.getMessage());
    }

    @Test
    void passesRecordsWithoutOpWhenConfigured() {
        Schema row = SchemaBuilder.struct().name("Heartbeat").field("ts", Schema.INT64_SCHEMA).build();
        SourceRecord heartbeat = record(row, new Struct(row).put("ts", 1L));
        SourceRecord schemaless = record(null, Map.of("ts", 1L));
        ChangeEventRows rows = rows(DEFAULTS.withPassNonChangeEvents(true));

        assertSame(heartbeat, rows.apply(heartbeat));
        assertSame(schemaless, rows.apply(schemaless));
    }

    @Test
    void failsOnValueOfWrongType() {
        DataException e = assertThrows(DataException.class,
            () -> rows(DEFAULTS).apply(record(Schema.STRING_SCHEMA, "text")));

        assertEquals("Rows: the record value must be a change event, a Struct or a Map, but it is STRING",
            e.getMessage());
    }

    @Test
    void failsOnUnknownOperation() {
        DataException e = assertThrows(DataException.class,
            () -> rows(DEFAULTS).apply(record(event("x", null, row(1, "Ada")))));

        assertEquals("Rows: field 'op' of the change event is 'x', which is none of c, r, u, d, t, m", e.getMessage());
    }

    @Test
    void failsOnOpOfWrongTypeInSchemalessEvent() {
        Map<String, Object> event = mapEvent("c", null, mapRow(1, "Ada"));
        event.put("op", 1L);

        DataException e = assertThrows(DataException.class, () -> rows(DEFAULTS).apply(record(null, event)));

        assertEquals("Rows: field 'op' of the change event must be a string, but it is INT64", e.getMessage());
    }

    @Test
    void failsOnSchemalessAfterOfWrongType() {
        Map<String, Object> event = mapEvent("c", null, null);
        event.put("after", "row");

        DataException e = assertThrows(DataException.class, () -> rows(DEFAULTS).apply(record(null, event)));

        assertEquals("Rows: field 'after' of the change event must be a Map, but it is STRING", e.getMessage());
    }

    @Test
    void failsOnCreateWithoutAfter() {
        DataException e = assertThrows(DataException.class,
            () -> rows(DEFAULTS).apply(record(event("c", null, null))));

        assertEquals("Rows: field 'after' of a change event with op 'c' is null", e.getMessage());
    }

    @Test
    void failsToRewriteDeleteWithoutBefore() {
        DataException e = assertThrows(DataException.class,
            () -> rows(DEFAULTS.withDeleteHandling(DeleteHandling.REWRITE)).apply(record(event("d", null, null))));

        assertTrue(e.getMessage().startsWith("Rows: field 'before' of a change event with op 'd' is null"));
    }

    @Test
    void failsOnAddedFieldTheEnvelopeLacks() {
        DataException e = assertThrows(DataException.class,
            () -> rows(DEFAULTS.withAddFields(paths("source.xmin"))).apply(record(event("c", null, row(1, "Ada")))));

        assertEquals("Rows: add.fields names field 'source.xmin', which the change event schema STRUCT "
            + "(server1.public.customers.Envelope) does not have", e.getMessage());
    }

    @Test
    void failsWhenAddedFieldClashesWithColumn() {
        Map<String, Object> after = mapRow(1, "Ada");
        after.put("__op", "x");

        DataException e = assertThrows(DataException.class,
            () -> rows(DEFAULTS.withAddFields(paths("op"))).apply(record(null, mapEvent("c", null, after))));

        assertEquals("Rows: cannot add field '__op' because the row already has a column of that name; change "
            + "add.prefix", e.getMessage());
    }

    // ---- helpers

    static ChangeEventRows rows(RowOptions options) {
        return new ChangeEventRows(options, "Rows");
    }

    static List<FieldPath> paths(String... dotted) {
        return Stream.of(dotted).map(FieldPath::parse).toList();
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
