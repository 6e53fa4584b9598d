package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.UnchangedToastedPlaceholder;
import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.data.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Unwrap on events built with Debezium's own classes: the envelope of its PostgreSQL connector, its
 * source block and the TOAST placeholders it writes, so a change in Debezium's format shows up here.
 */
class UnwrapDebeziumFormatTest {

    private static final PostgresConnectorConfig CONFIG = new PostgresConnectorConfig(Configuration.create()
        .with("topic.prefix", "server1")
        .with("database.hostname", "localhost")
        .with("database.dbname", "shop")
        .build());
    private static final UnchangedToastedPlaceholder PLACEHOLDERS = new UnchangedToastedPlaceholder(CONFIG);

    private static final Schema ROW = SchemaBuilder.struct().name("server1.public.documents.Value").optional()
        .field("id", Schema.INT32_SCHEMA)
        .field("title", Schema.OPTIONAL_STRING_SCHEMA)
        .field("body", Schema.OPTIONAL_STRING_SCHEMA)
        .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
        .field("labels", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
        .field("scores", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
        .field("counts", SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build())
        .field("ids", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
        .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
        .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
        .field("connector", Schema.STRING_SCHEMA)
        .field("ts_ms", Schema.INT64_SCHEMA)
        .field("table", Schema.STRING_SCHEMA)
        .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
        .build();
    private static final Envelope ENVELOPE = Envelope.defineSchema()
        .withName("server1.public.documents.Envelope")
        .withRecord(ROW)
        .withSource(SOURCE)
        .build();

    @Test
    void omitsEveryPlaceholderFormOfDebeziumsPostgresConnector() {
        Struct after = new Struct(ROW).put("id", 1).put("title", "Guide")
            .put("body", placeholder(UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE))
            .put("blob", PLACEHOLDERS.getToastPlaceholderBinary())
            .put("labels", placeholder(UnchangedToastedReplicationMessageColumn.UNCHANGED_TEXT_ARRAY_TOAST_VALUE))
            .put("scores", placeholder(UnchangedToastedReplicationMessageColumn.UNCHANGED_INT_ARRAY_TOAST_VALUE))
            .put("counts", placeholder(UnchangedToastedReplicationMessageColumn.UNCHANGED_BIGINT_ARRAY_TOAST_VALUE))
            .put("ids", placeholder(UnchangedToastedReplicationMessageColumn.UNCHANGED_UUID_TOAST_VALUE))
            .put("attrs", placeholder(UnchangedToastedReplicationMessageColumn.UNCHANGED_HSTORE_TOAST_VALUE));
        Struct event = ENVELOPE.update(null, after, source(), Instant.ofEpochMilli(1_700_000_000_100L));

        SourceRecord out = unwrap(Map.of()).apply(record(ENVELOPE.schema(), event));

        assertEquals(List.of("id", "title"), out.valueSchema().fields().stream().map(Field::name).toList());
        assertEquals(new Struct(out.valueSchema()).put("id", 1).put("title", "Guide"), out.value());
    }

    @Test
    void unwrapsDebeziumEnvelopeWithAddedFields() {
        Struct after = new Struct(ROW).put("id", 1).put("title", "Guide");
        Struct event = ENVELOPE.create(after, source(), Instant.ofEpochMilli(1_700_000_000_100L));

        SourceRecord out = unwrap(Map.of("add.fields", "op,source.table,source.lsn,ts_ms"))
            .apply(record(ENVELOPE.schema(), event));

        Struct value = (Struct) out.value();
        assertEquals(1, value.get("id"));
        assertEquals("c", value.get("__op"));
        assertEquals("documents", value.get("__source_table"));
        assertEquals(24_023_128L, value.get("__source_lsn"));
        assertEquals(1_700_000_000_100L, value.get("__ts_ms"));
    }

    @Test
    void unwrapsDebeziumDeleteAfterJsonRoundTripWithoutSchemas() {
        Struct before = new Struct(ROW).put("id", 1).put("title", "Guide");
        Struct event = ENVELOPE.delete(before, source(), Instant.ofEpochMilli(1_700_000_000_100L));
        Object schemaless = jsonRoundTrip(ENVELOPE.schema(), event);

        SourceRecord out = unwrap(Map.of("delete.handling", "rewrite", "add.fields", "op"))
            .apply(record(null, schemaless));

        Map<?, ?> value = (Map<?, ?>) out.value();
        assertEquals(1L, value.get("id"));
        assertEquals("Guide", value.get("title"));
        assertEquals("d", value.get("__op"));
        assertEquals(true, value.get("__deleted"));
        assertNull(out.valueSchema());
    }

    @Test
    void omitsPlaceholderAfterJsonRoundTripWithSchemas() {
        Struct after = new Struct(ROW).put("id", 1).put("title", "Guide")
            .put("body", placeholder(UnchangedToastedReplicationMessageColumn.UNCHANGED_TOAST_VALUE))
            .put("blob", PLACEHOLDERS.getToastPlaceholderBinary());
        Struct event = ENVELOPE.update(null, after, source(), Instant.ofEpochMilli(1_700_000_000_100L));
        JsonConverter converter = converter(true);
        byte[] json = converter.fromConnectData("t", ENVELOPE.schema(), event);
        SchemaAndValue decoded = converter.toConnectData("t", json);

        SourceRecord out = unwrap(Map.of()).apply(record(decoded.schema(), decoded.value()));

        assertNull(out.valueSchema().field("body"));
        assertNull(out.valueSchema().field("blob"));
        assertEquals("Guide", ((Struct) out.value()).get("title"));
    }

    private static Object placeholder(Object kind) {
        return PLACEHOLDERS.getValue(kind).orElseThrow();
    }

    private static Struct source() {
        return new Struct(SOURCE).put("connector", "postgresql").put("ts_ms", 1_700_000_000_000L)
            .put("table", "documents").put("lsn", 24_023_128L);
    }

    private static Object jsonRoundTrip(Schema schema, Object value) {
        byte[] json = converter(true).fromConnectData("t", schema, value);
        return converter(false).toConnectData("t", stripSchema(json)).value();
    }

    // what a producer with schemas.enable=false writes: the payload alone
    private static byte[] stripSchema(byte[] json) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            return mapper.writeValueAsBytes(mapper.readTree(json).get("payload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonConverter converter(boolean schemas) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", schemas, "converter.type", "value"));
        return converter;
    }

    private static Unwrap<SourceRecord> unwrap(Map<String, String> config) {
        return Unwrap.configured(config);
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "server1.public.documents", 0, null, null, schema, value);
    }
}
