package io.tributary.connect.transforms;

import io.tributary.connect.common.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A test-only source that writes a fixed script of Debezium-format change events for a {@code orders}
 * table, so an integration test can run our transforms inside a real worker without a database.
 * The worker finds it through {@code src/test/resources/META-INF/services}.
 */
public class ScriptedChangeEventConnector extends SourceConnector {

    static final String TOPIC_CONFIG = "topic";

    static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
        .field("id", Schema.INT32_SCHEMA)
        .field("region", Schema.OPTIONAL_STRING_SCHEMA)
        .field("email", Schema.OPTIONAL_STRING_SCHEMA)
        .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
        .field("attributes", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
        .field("created_at", Schema.INT64_SCHEMA)
        .build();
    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
        .field("connector", Schema.STRING_SCHEMA)
        .field("ts_ms", Schema.INT64_SCHEMA)
        .field("table", Schema.STRING_SCHEMA)
        .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
        .build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.public.orders.Envelope")
        .field("before", ROW)
        .field("after", ROW)
        .field("source", SOURCE)
        .field("op", Schema.STRING_SCHEMA)
        .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
        .build();
    static final Schema KEY = SchemaBuilder.struct().name("shop.public.orders.Key")
        .field("id", Schema.INT32_SCHEMA)
        .build();

    static final long CREATED_AT = 1_709_296_245_123L;
    static final String ATTRIBUTES = "{\"color\":\"red\",\"size\":42}";
    static final String TOAST = "__debezium_unavailable_value";

    private Map<String, String> props;

    /**
     * The script: a snapshot read, a create, an update with an unchanged TOASTed column, its redelivery, a create
     * without region, a delete.
     */
    static List<Struct[]> script() {
        List<Struct[]> events = new ArrayList<>();
        events.add(event("r", null, row(1, "eu", "ada@example.com", "n1", ATTRIBUTES), 90L));
        events.add(event("c", null, row(2, "eu", "bo@example.com", "first", ATTRIBUTES), 100L));
        events.add(event("u", row(2, "eu", "bo@example.com", "first", ATTRIBUTES),
            row(2, "eu", "bo@new.example", TOAST, ATTRIBUTES), 110L));
        events.add(event("u", row(2, "eu", "bo@example.com", "first", ATTRIBUTES),
            row(2, "eu", "bo@new.example", TOAST, ATTRIBUTES), 110L));
        events.add(event("c", null, row(3, null, null, null, null), 120L));
        events.add(event("d", row(2, "eu", "bo@new.example", "first", ATTRIBUTES), null, 130L));
        return events;
    }

    private static Struct row(int id, String region, String email, String notes, String attributes) {
        return new Struct(ROW).put("id", id).put("region", region).put("email", email).put("notes", notes)
            .put("attributes", attributes).put("created_at", CREATED_AT);
    }

    private static Struct[] event(String op, Struct before, Struct after, long lsn) {
        Struct source = new Struct(SOURCE).put("connector", "postgresql").put("ts_ms", CREATED_AT)
            .put("table", "orders").put("lsn", lsn);
        Struct envelope = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source)
            .put("op", op).put("ts_ms", CREATED_AT + 5);
        Struct row = after != null ? after : before;
        return new Struct[] {new Struct(KEY).put("id", row.getInt32("id")), envelope};
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ScriptedChangeEventTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define(TOPIC_CONFIG, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH,
            "The topic the change events are written to.");
    }

    @Override
    public String version() {
        return Version.get();
    }

    /** Writes the script once, resuming after the last committed event when restarted. */
    public static class ScriptedChangeEventTask extends SourceTask {

        private static final Map<String, String> PARTITION = Map.of("script", "orders");

        private String topic;
        private int next;

        @Override
        public void start(Map<String, String> props) {
            topic = props.get(TOPIC_CONFIG);
            Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
            next = offset == null ? 0 : ((Number) offset.get("next")).intValue();
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            List<Struct[]> script = script();
            if (next >= script.size()) {
                // nothing left: the worker calls poll in a loop, so wait instead of spinning
                Thread.sleep(200);
                return null;
            }
            List<SourceRecord> records = new ArrayList<>();
            for (; next < script.size(); next++) {
                Struct[] event = script.get(next);
                records.add(new SourceRecord(PARTITION, Map.of("next", next + 1), topic, 0, KEY, event[0],
                    ENVELOPE, event[1]));
            }
            return records;
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return Version.get();
        }
    }
}
