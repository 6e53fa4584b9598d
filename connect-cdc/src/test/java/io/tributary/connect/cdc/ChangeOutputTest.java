package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
            .field("table", Schema.STRING_SCHEMA)
            .build();
    private static final Envelope ENVELOPE = Envelope.defineSchema()
            .withName("server1.public.documents.Envelope")
            .withRecord(ROW)
            .withSource(SOURCE)
            .build();

    @Test
    void envelopeOutputReturnsTheEventsAsTheyAre() {
        List<SourceRecord> events = List.of(event(ENVELOPE.create(row(1, "Guide"), source(), now())));

        assertSame(events, ChangeOutput.of(PostgresCdcSourceConfig.OUTPUT_ENVELOPE, placeholder()).apply(events));
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
        return ChangeOutput.of(PostgresCdcSourceConfig.OUTPUT_ROW, placeholder());
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
        return new Struct(SOURCE).put("table", "documents");
    }

    private static Instant now() {
        return Instant.ofEpochMilli(1_700_000_000_100L);
    }
}
