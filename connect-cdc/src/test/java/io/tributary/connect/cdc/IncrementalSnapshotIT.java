package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Snapshot control while streaming: a row in the connector's signal table snapshots a table again in chunks
 * while other sessions keep writing it, and a table added to a running connector's table.include.list is
 * back-filled the same way without anyone sending a signal. Folding each change topic by key (the last event
 * of a key wins, as compaction keeps it) gives the table exactly, and no key's events go back in LSN.
 */
@WithKafkaConnect
@WithPostgres
class IncrementalSnapshotIT {

    @Test
    void signalledAndAddedTablesAreSnapshottedWhileWritesContinue(KafkaConnectCluster cluster, PostgresDatabase db)
            throws Exception {
        db.execute("CREATE TABLE inc_a (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO inc_a SELECT g, 0 FROM generate_series(1, 3000) g",
                "CREATE TABLE inc_b (id int PRIMARY KEY, v int NOT NULL)",
                "INSERT INTO inc_b SELECT g, 0 FROM generate_series(1, 2000) g");
        Map<String, String> config = CdcConfigs.connector(db, "cdc-inc", "cdcinc", "public.inc_a");
        // small chunks, so the snapshots take long enough for the writers to change rows in the middle of them
        config.put("debezium.incremental.snapshot.chunk.size", "100");
        Pipelines.start(cluster, config);
        try {
            awaitFolded(cluster, db, "inc_a");

            // an ad-hoc snapshot of inc_a, asked for through the signal table, while inc_a is written
            String signals = "tributary_cdc." + SlotNames.derive("cdc-inc") + "_signals";
            try (Writers writers = new Writers(db, "inc_a", 3000)) {
                db.execute("INSERT INTO " + signals + " (id, type, data) VALUES ('adhoc-1', 'execute-snapshot', "
                        + "'{\"data-collections\": [\"public.inc_a\"], \"type\": \"incremental\"}')");
                Poll.until(Pipelines.TIMEOUT, "an incremental snapshot of all 3000 rows of inc_a",
                        () -> incrementalReads(cluster, "inc_a") >= 3000);
                writers.awaitSomeWrites();
            }
            awaitFolded(cluster, db, "inc_a");

            // inc_b added to the running connector: its 2000 rows are back-filled while it is written
            config.put("table.include.list", "public.inc_a,public.inc_b");
            try (Writers writers = new Writers(db, "inc_b", 2000)) {
                cluster.connect().putConnectorConfig("cdc-inc", config);
                Poll.until(Pipelines.TIMEOUT, "an incremental snapshot of inc_b",
                        () -> cluster.topics().names().contains("cdcinc.public.inc_b")
                                && incrementalReads(cluster, "inc_b") >= 2000);
                writers.awaitSomeWrites();
            }
            awaitFolded(cluster, db, "inc_b");
            awaitFolded(cluster, db, "inc_a");
            for (String table : List.of("inc_a", "inc_b")) {
                assertEquals(List.of(), lsnRegressions(events(cluster, table)), table);
            }
            // the task restarted when inc_b was added; its snapshot-rows-total of inc_b counts the back-fill
            assertTrue(snapshotRows("public.inc_b") >= 2000, "snapshot-rows-total of public.inc_b: "
                    + snapshotRows("public.inc_b"));
        } finally {
            Pipelines.remove(cluster, db, "cdc-inc");
        }
    }

    /** The task's snapshot-rows-total of a table, through JMX (the worker runs in this JVM). */
    private static double snapshotRows(String table) throws JMException {
        ObjectName bean = new ObjectName("kafka.connect:type=plugins,connector=cdc-inc,task=0,table=" + table);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        return jmx.isRegistered(bean) ? ((Number) jmx.getAttribute(bean, "snapshot-rows-total")).doubleValue() : 0;
    }

    /** Concurrent writers: updates of random rows and inserts past the existing ids, until closed. */
    private static final class Writers implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger writes = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Writers(PostgresDatabase db, String table, int rows) {
            AtomicInteger nextId = new AtomicInteger(rows + 1);
            thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        int id = ThreadLocalRandom.current().nextInt(1, rows + 1);
                        db.execute("UPDATE " + table + " SET v = v + 1 WHERE id = " + id,
                                "INSERT INTO " + table + " VALUES (" + nextId.getAndIncrement() + ", 1)");
                        writes.addAndGet(2);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "writers-" + table);
            thread.start();
        }

        void awaitSomeWrites() {
            Poll.until(Pipelines.TIMEOUT, "writes during the snapshot", () -> writes.get() >= 50);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
            if (failure.get() != null) {
                throw new AssertionError("a writer failed", failure.get());
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> events(KafkaConnectCluster cluster, String table) {
        String topic = "cdcinc.public." + table;
        if (!cluster.topics().names().contains(topic)) {
            return List.of(); // the connector has not written the table's first event yet
        }
        return cluster.topics().read(topic, (int) cluster.topics().endOffset(topic), Pipelines.TIMEOUT);
    }

    private static long incrementalReads(KafkaConnectCluster cluster, String table) {
        return events(cluster, table).stream().map(record -> ChangeEvents.payload(record.value()))
                .filter(value -> "incremental".equals(value.path("source").path("snapshot").asText())).count();
    }

    private static void awaitFolded(KafkaConnectCluster cluster, PostgresDatabase db, String table) {
        AtomicReference<String> last = new AtomicReference<>("");
        Poll.until(Pipelines.TIMEOUT, () -> table + "'s topic folded by key equal to the table; " + last.get(), () -> {
            Map<Integer, Integer> rows = new TreeMap<>();
            for (Map<String, Object> row : db.query("SELECT id, v FROM " + table)) {
                rows.put((Integer) row.get("id"), (Integer) row.get("v"));
            }
            Map<Integer, Integer> folded = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : events(cluster, table)) {
                JsonNode key = ChangeEvents.payload(record.key());
                JsonNode value = ChangeEvents.payload(record.value());
                if (value.isNull() || value.path("after").isNull() || value.path("after").isMissingNode()) {
                    folded.remove(key.path("id").asInt());
                } else {
                    folded.put(key.path("id").asInt(), value.path("after").path("v").asInt());
                }
            }
            List<Integer> differing = new ArrayList<>();
            rows.forEach((id, v) -> {
                if (!v.equals(folded.get(id))) {
                    differing.add(id);
                }
            });
            folded.keySet().stream().filter(id -> !rows.containsKey(id)).forEach(differing::add);
            last.set(rows.size() + " rows, " + folded.size() + " keys, differing ids " + (differing.size() > 10
                    ? differing.subList(0, 10) + "..." : differing));
            return differing.isEmpty();
        });
    }

    /** Keys whose events go back in LSN somewhere in topic order, each with the two LSNs. */
    private static List<String> lsnRegressions(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, Long> lastLsn = new HashMap<>();
        List<String> regressions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode value = ChangeEvents.payload(record.value());
            if (value.isNull()) {
                continue;
            }
            int id = ChangeEvents.payload(record.key()).path("id").asInt();
            // the header a versioned sink takes: source.lsn, or for an incremental snapshot row (whose source.lsn
            // Debezium leaves empty) the newest LSN the stream had reached
            Header header = record.headers().lastHeader(PostgresCdcSourceConfig.LSN_HEADER);
            if (header == null) {
                regressions.add(id + ": no " + PostgresCdcSourceConfig.LSN_HEADER + " header");
                continue;
            }
            long lsn = Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
            Long previous = lastLsn.put(id, lsn);
            if (previous != null && lsn < previous) {
                regressions.add(id + ": " + previous + " then " + lsn);
            }
        }
        return regressions;
    }
}
