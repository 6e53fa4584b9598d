package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debezium.data.Envelope;
import io.debezium.heartbeat.HeartbeatImpl;
import io.debezium.schema.SchemaNameAdjuster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The two outputs on records built with Debezium's own classes. */
class ChangeOutputTest {

    private static final Schema KEY = SchemaBuilder.struct().name("server1.public.documents.Key")
            .field("id", Schema.INT32_SCHEMA)
            .build();
    private static final Schema ROW = SchemaBuilder.struct().name("server1.public.documents.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("title", Schema.OPTIONAL_STRING_SCHEMA)
            .field("body", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Envelope ENVELOPE = Envelope.defineSchema()
            .withName("server1.public.documents.Envelope")
            .withRecord(ROW)
            .withSource(SOURCE)
            .build();

    @Test
    void envelopeOutputReturnsTheEventsAsTheyAre() {
        List<SourceRecord> events = List.of(event(ENVELOPE.create(row(1, "Guide"), source(), now())));

        assertSame(events,
                ChangeOutput.of(PostgresCdcSourceConfig.OUTPUT_ENVELOPE, placeholder(), false).apply(events));
    }

    @Test
    void rowOutputTurnsCreatesAndUpdatesIntoTheRow() {
        List<SourceRecord> rows = rows().apply(List.of(
                event(ENVELOPE.create(row(1, "Guide"), source(), now())),
                event(ENVELOPE.update(row(1, "Guide"), row(1, "Manual"), source(), now()))));

        assertEquals(List.of(row(1, "Guide"), row(1, "Manual")), rows.stream().map(SourceRecord::value).toList());
        assertEquals(new Struct(KEY).put("id", 1), rows.get(0).key());
    }

    @Test
    void rowOutputTurnsADeleteIntoOneTombstoneAndDropsDebeziumsOwn() {
        SourceRecord delete = event(ENVELOPE.delete(row(1, "Guide"), source(), now()));
        SourceRecord debeziumTombstone = new SourceRecord(Map.of(), Map.of(), "server1.public.documents", null, KEY,
                new Struct(KEY).put("id", 1), null, null);

        List<SourceRecord> rows = rows().apply(List.of(delete, debeziumTombstone));

        assertEquals(1, rows.size());
        assertEquals(new Struct(KEY).put("id", 1), rows.get(0).key());
        assertNull(rows.get(0).value());
        assertNull(rows.get(0).valueSchema());
    }

    @Test
    void rowOutputLeavesOutAnUnchangedToastedColumn() {
        Struct after = row(1, "Manual").put("body", placeholder());

        SourceRecord row = rows().apply(List.of(event(ENVELOPE.update(null, after, source(), now())))).get(0);

        assertEquals(List.of("id", "title"), row.valueSchema().fields().stream().map(Field::name).toList());
        assertEquals("Manual", ((Struct) row.value()).get("title"));
    }

    @Test
    void everyRowAndTombstoneCarriesItsChangesLsnForVersionedWrites() {
        List<SourceRecord> events = List.of(
                event(ENVELOPE.create(row(1, "Guide"), source(100L), now())),
                event(ENVELOPE.update(row(1, "Guide"), row(1, "Manual"), source(250L), now())),
                event(ENVELOPE.delete(row(1, "Manual"), source(4_000_000_000L), now())));
        new LsnHeader().stamp(events);

        List<SourceRecord> rows = rows().apply(events);

        assertEquals(List.of(100L, 250L, 4_000_000_000L), rows.stream()
                .map(row -> row.headers().lastWithName(PostgresCdcSourceConfig.LSN_HEADER).value()).toList());
        assertNull(rows.get(2).value());
    }

    @Test
    void anIncrementalSnapshotRowWithoutLsnTakesTheNewestLsnTheStreamReached() {
        Struct incremental = new Struct(SOURCE).put("schema", "public").put("table", "documents");
        List<SourceRecord> events = List.of(
                event(ENVELOPE.update(row(2, "Draft"), row(2, "Final"), source(900L), now())),
                event(ENVELOPE.update(row(1, "Old"), row(1, "Guide"), source(700L), now())),
                event(ENVELOPE.read(row(3, "Read in a chunk"), incremental, now())));
        LsnHeader lsns = new LsnHeader();
        lsns.stamp(events);

        assertEquals(List.of(900L, 700L, 900L), events.stream()
                .map(event -> event.headers().lastWithName(PostgresCdcSourceConfig.LSN_HEADER).value()).toList());
    }

    @Test
    void requiringCompleteRowsFailsAtARowWithoutItsUnchangedToastedValueAndNamesTheFix() {
        ChangeOutput complete = ChangeOutput.of(PostgresCdcSourceConfig.OUTPUT_ROW, placeholder(), true);
        Struct whole = row(1, "Manual").put("body", "the whole body");
        assertEquals(whole, complete.apply(List.of(event(ENVELOPE.update(null, whole, source(), now()))))
                .get(0).value());

        Struct after = row(1, "Manual").put("body", placeholder());
        ConnectException failure = assertThrows(ConnectException.class,
                () -> complete.apply(List.of(event(ENVELOPE.update(null, after, source(), now())))));

        assertTrue(failure.getMessage().contains("public.documents"), failure.getMessage());
        assertTrue(failure.getMessage().contains("[body]"), failure.getMessage());
        assertTrue(failure.getMessage().contains("ALTER TABLE public.documents REPLICA IDENTITY FULL"),
                failure.getMessage());
    }

    @Test
    void rowOutputPassesDebeziumsHeartbeatAsItIs() throws InterruptedException {
        List<SourceRecord> heartbeats = new ArrayList<>();
        try (HeartbeatImpl heartbeat = new HeartbeatImpl(Duration.ofSeconds(1), "__debezium-heartbeat", "server1",
                SchemaNameAdjuster.NO_OP)) {
            heartbeat.forcedBeat(Map.of("server", "server1"), Map.of("lsn", 24_023_128L), heartbeats::add);
        }

        List<SourceRecord> rows = rows().apply(heartbeats);

        assertEquals(1, rows.size());
        assertSame(heartbeats.get(0), rows.get(0));
    }

    private static ChangeOutput rows() {
        return ChangeOutput.of(PostgresCdcSourceConfig.OUTPUT_ROW, placeholder(), false);
    }

    private static String placeholder() {
        return DebeziumProperties.DEFAULT_PLACEHOLDER;
    }

    private static SourceRecord event(Struct value) {
        int id = value.getStruct(value.get(Envelope.FieldName.AFTER) != null ? Envelope.FieldName.AFTER
                : Envelope.FieldName.BEFORE).getInt32("id");
        return new SourceRecord(Map.of(), Map.of(), "server1.public.documents", null, KEY,
                new Struct(KEY).put("id", id), ENVELOPE.schema(), value);
    }

    private static Struct row(int id, String title) {
        return new Struct(ROW).put("id", id).put("title", title);
    }

    private static Struct source() {
        return source(24_023_128L);
    }

    private static Struct source(long lsn) {
        return new Struct(SOURCE).put("schema", "public").put("table", "documents").put("lsn", lsn);
    }

    private static Instant now() {
        return Instant.ofEpochMilli(1_700_000_000_100L);
    }
}
