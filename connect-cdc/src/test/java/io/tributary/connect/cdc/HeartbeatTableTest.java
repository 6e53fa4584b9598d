package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class HeartbeatTableTest {

    private static final HeartbeatTable HEARTBEAT = new HeartbeatTable("public", "tributary_heartbeat");
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("x.Envelope")
            .field("op", Schema.STRING_SCHEMA).field("source", SOURCE).build();

    @Test
    void aConfigValueIsALowerCaseSchemaAndTableOrNothing() {
        assertEquals(Optional.of(new HeartbeatTable("ops", "beats")), HeartbeatTable.parse(" ops.beats "));
        assertEquals(Optional.empty(), HeartbeatTable.parse(""));
        assertEquals(Optional.empty(), HeartbeatTable.parse("beats"));
        assertEquals(Optional.empty(), HeartbeatTable.parse("Ops.Beats"));
        assertEquals(Optional.empty(), HeartbeatTable.parse("ops.beats; DROP TABLE x"));
    }

    @Test
    void changeEventsOfTheHeartbeatTableAreRecognisedByTheirSource() {
        assertTrue(HEARTBEAT.isChangeOf(change("legacy.anything", "public", "tributary_heartbeat"), "legacy"));
        assertFalse(HEARTBEAT.isChangeOf(change("legacy.public.orders", "public", "orders"), "legacy"));
        assertFalse(HEARTBEAT.isChangeOf(change("legacy.ops.tributary_heartbeat", "ops", "tributary_heartbeat"),
                "legacy"));
    }

    @Test
    void aTombstoneIsRecognisedByItsTopic() {
        assertTrue(HEARTBEAT.isChangeOf(record("legacy.public.tributary_heartbeat", null), "legacy"));
        assertFalse(HEARTBEAT.isChangeOf(record("legacy.public.orders", null), "legacy"));
    }

    @Test
    void heartbeatRecordsOfDebeziumPass() {
        Schema beat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        assertFalse(HEARTBEAT.isChangeOf(record("__debezium-heartbeat.legacy", new Struct(beat).put("ts_ms", 1L)),
                "legacy"));
    }

    private static SourceRecord change(String topic, String schema, String table) {
        Struct source = new Struct(SOURCE).put("schema", schema).put("table", table);
        return record(topic, new Struct(ENVELOPE).put("op", "u").put("source", source));
    }

    private static SourceRecord record(String topic, Struct value) {
        return new SourceRecord(Map.of(), Map.of(), topic, null, null, value == null ? null : value.schema(), value);
    }
}
