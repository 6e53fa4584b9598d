package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The connector under Debezium's embedded engine: its output checked without a broker or a worker. */
@WithPostgres
class EmbeddedEngineIT {

    @Test
    void rowOutputUnderTheEmbeddedEngineIsTheRowAndATombstoneForADelete(PostgresDatabase db) throws Exception {
        db.execute("CREATE TABLE engine_rows (id int PRIMARY KEY, name text)",
                "INSERT INTO engine_rows VALUES (1, 'ada')");
        Map<String, String> config = CdcConfigs.connector(db, "engine_rows", "engine", "public.engine_rows");
        config.put("output", "row");
        config.put("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        config.put("offset.flush.interval.ms", "0");
        Properties props = new Properties();
        props.putAll(config);
        List<SourceRecord> received = new CopyOnWriteArrayList<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
                .create(ChangeEventFormat.of(Connect.class))
                .using(props)
                .notifying(event -> received.add(event.record()))
                .build()) {
            executor.execute(engine);
            Poll.until(Pipelines.TIMEOUT, "the snapshot row", () -> tableRecords(received).size() >= 1);
            db.execute("UPDATE engine_rows SET name = 'grace' WHERE id = 1", "DELETE FROM engine_rows WHERE id = 1",
                    "INSERT INTO engine_rows VALUES (2, 'marker')");
            Poll.until(Pipelines.TIMEOUT, () -> "4 table records, got " + tableRecords(received),
                    () -> tableRecords(received).size() >= 4);
        } finally {
            executor.shutdown();
            executor.awaitTermination(60, TimeUnit.SECONDS);
        }

        List<SourceRecord> rows = tableRecords(received);
        assertEquals(4, rows.size());
        assertEquals(List.of(1, 1, 1, 2), rows.stream().map(row -> ((Struct) row.key()).getInt32("id")).toList());
        assertEquals("ada", ((Struct) rows.get(0).value()).getString("name"));
        assertEquals("grace", ((Struct) rows.get(1).value()).getString("name"));
        assertNull(rows.get(2).value());
        assertEquals("marker", ((Struct) rows.get(3).value()).getString("name"));
        Poll.until(Pipelines.TIMEOUT, "the engine to release its slot",
                () -> !Boolean.TRUE.equals(Pipelines.slotActive(db, "tributary_engine_rows")));
        db.execute("SELECT pg_drop_replication_slot('tributary_engine_rows')",
                "DROP PUBLICATION tributary_engine_rows");
    }

    private static List<SourceRecord> tableRecords(List<SourceRecord> received) {
        return received.stream().filter(record -> "engine.public.engine_rows".equals(record.topic())).toList();
    }
}
