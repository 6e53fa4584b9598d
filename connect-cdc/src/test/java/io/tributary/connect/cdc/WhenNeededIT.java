package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * snapshot.mode=when_needed: a connector whose stored position can no longer be streamed from, because its slot is
 * gone (dropped, or invalidated by max_slot_wal_keep_size and then removed), copies the tables again at its next
 * start instead of failing, so the topic ends with every row as it is, the changes made while no slot existed
 * included.
 */
@WithKafkaConnect
@WithPostgres
class WhenNeededIT {

    private static final String TOPIC = "cdcwn.public.wn";

    @Test
    void aConnectorWhoseSlotIsGoneCopiesTheTablesAgainInsteadOfFailing(KafkaConnectCluster cluster,
                                                                      PostgresDatabase db) {
        db.execute("CREATE TABLE wn (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO wn SELECT g, 0 FROM generate_series(1, 100) g");
        Map<String, String> config = CdcConfigs.connector(db, "cdc-wn", "cdcwn", "public.wn");
        config.put("snapshot.mode", "when_needed");
        Pipelines.start(cluster, config);
        try {
            assertEquals(100, cluster.topics().read(TOPIC, 100, Pipelines.TIMEOUT).size());
            db.execute("UPDATE wn SET v = 1 WHERE id = 1");
            assertEquals(101, cluster.topics().read(TOPIC, 101, Pipelines.TIMEOUT).size());

            Pipelines.stop(cluster, "cdc-wn");
            String slot = SlotNames.derive("cdc-wn");
            Poll.until(Pipelines.TIMEOUT, "slot " + slot + " released",
                    () -> !Boolean.TRUE.equals(Pipelines.slotActive(db, slot)));
            db.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            // changes while no slot exists: no WAL is kept for them, only a new snapshot can deliver them
            db.execute("UPDATE wn SET v = 2 WHERE id <= 10", "DELETE FROM wn WHERE id = 100",
                    "INSERT INTO wn SELECT g, 3 FROM generate_series(101, 110) g");
            cluster.connect().send("PUT", "connectors/cdc-wn/resume", null);
            cluster.connect().awaitRunning("cdc-wn", 1, Pipelines.TIMEOUT);
            db.execute("UPDATE wn SET v = 4 WHERE id = 50");

            AtomicReference<String> last = new AtomicReference<>("");
            Poll.until(Pipelines.TIMEOUT, () -> "the topic's rows after the restart equal to the table; "
                    + last.get(), () -> {
                        Map<Integer, Integer> table = new TreeMap<>();
                        db.query("SELECT id, v FROM wn").forEach(row -> table.put((Integer) row.get("id"),
                                (Integer) row.get("v")));
                        Map<Integer, Integer> after = new TreeMap<>();
                        List<ConsumerRecord<byte[], byte[]>> records = cluster.topics().read(TOPIC,
                                (int) cluster.topics().endOffset(TOPIC), Pipelines.TIMEOUT);
                        // what the restarted connector wrote, past the 101 records of before the stop
                        for (ConsumerRecord<byte[], byte[]> record : records.subList(101, records.size())) {
                            JsonNode value = ChangeEvents.payload(record.value());
                            int id = ChangeEvents.payload(record.key()).path("id").asInt();
                            if (value.isNull() || value.path("after").isNull()) {
                                after.remove(id);
                            } else {
                                after.put(id, value.path("after").path("v").asInt());
                            }
                        }
                        last.set(after.size() + " rows since the restart, " + table.size() + " in the table");
                        return after.equals(table);
                    });
        } finally {
            Pipelines.remove(cluster, db, "cdc-wn");
        }
    }
}
