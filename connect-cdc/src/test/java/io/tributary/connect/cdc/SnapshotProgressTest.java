package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.debezium.data.Envelope;
import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Snapshot rows counted per table from the events' op and source block, published as a metric. */
class SnapshotProgressTest {

    private static final Schema ROW = SchemaBuilder.struct().name("p.public.t.Value").optional()
            .field("id", Schema.INT32_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Envelope ENVELOPE = Envelope.defineSchema().withName("p.public.t.Envelope")
            .withRecord(ROW).withSource(SOURCE).build();

    @Test
    void countsSnapshotRowsPerTableAndPublishesThem() throws Exception {
        MockTime time = new MockTime();
        try (SnapshotProgress progress = new SnapshotProgress(PluginMetricsRegistry.of(null, "progress-test", 0),
                "progress-test", time)) {
            List<SourceRecord> events = new ArrayList<>();
            for (int id = 1; id <= 5; id++) {
                events.add(event(ENVELOPE.read(row(id), source("orders", id == 5 ? "last_in_data_collection"
                        : "true"), Instant.EPOCH)));
            }
            events.add(event(ENVELOPE.read(row(1), source("lines", "incremental"), Instant.EPOCH)));
            events.add(event(ENVELOPE.create(row(6), source("orders", "false"), Instant.EPOCH)));

            progress.observe(events);

            assertEquals(5, progress.rows("public.orders"), "the streamed insert is no snapshot row");
            assertEquals(1, progress.rows("public.lines"));
            ObjectName bean = new ObjectName("kafka.connect:type=plugins,connector=progress-test,task=0,"
                    + "table=public.orders");
            assertEquals(5.0, ((Number) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(bean, SnapshotProgress.METRIC)).doubleValue());
        }
    }

    private static SourceRecord event(Struct value) {
        return new SourceRecord(Map.of(), Map.of(), "p.public.t", null, null, null, ENVELOPE.schema(), value);
    }

    private static Struct row(int id) {
        return new Struct(ROW).put("id", id);
    }

    private static Struct source(String table, String snapshot) {
        return new Struct(SOURCE).put("schema", "public").put("table", table).put("snapshot", snapshot);
    }
}
