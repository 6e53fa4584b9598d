package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A read model kept the way the shipped CDC configs keep it: complete rows (REPLICA IDENTITY FULL, checked by
 * unchanged.toast.handling=fail) written as whole documents versioned by the change's LSN. Rebuilding an index
 * from the topic gives the table, large values that later updates left unchanged included; replaying older
 * changes over the index leaves every document as new as it was, where the same replay without versions
 * takes documents back.
 */
@WithKafkaConnect(brokers = 3, convertersFrom = "../configs/worker/connect-distributed.properties")
@WithPostgres
@WithElasticsearch(major = 8)
class ReadModelReplayIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String TOPIC = "replay.public.notes";
    private static final String OLD_CHANGES = "replay.notes.older-changes";

    @Test
    void replaysRebuildTheTableAndNeverTakeADocumentBack(KafkaConnectCluster cluster, PostgresDatabase db,
            ElasticsearchServer es) throws Exception {
        // bodies of 12,800 hex characters: stored out of line (TOAST), so updates that leave them alone do not
        // carry them unless the table's identity is FULL
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, title text NOT NULL, rev int NOT NULL, body text)",
                "ALTER TABLE notes REPLICA IDENTITY FULL",
                "INSERT INTO notes SELECT i, 'Note ' || i, 0, (SELECT string_agg(md5(i || ':' || g), '') "
                        + "FROM generate_series(1, 400) g) FROM generate_series(1, 40) i");
        assertTrue(toasted(db), "the bodies are stored out of line");
        Map<String, String> cdc = ReadModelConfigs.cdc(db, "notes", "replay");
        cdc.put("unchanged.toast.handling", "fail");
        cluster.connect().putConnectorConfig("replay-cdc", cdc);
        startReadModel(cluster, es, "replay-live", TOPIC, "notes-live", true);
        cluster.connect().awaitRunning("replay-cdc", 1, TIMEOUT);
        try {
            for (int round = 1; round <= 3; round++) {
                db.execute("UPDATE notes SET rev = rev + 1, title = 'Note ' || id || ' round " + round + "'");
            }
            db.execute("DELETE FROM notes WHERE id <= 5",
                    "INSERT INTO notes SELECT i, 'Late ' || i, 0, md5(i::text) FROM generate_series(41, 45) i",
                    "UPDATE notes SET rev = rev + 1 WHERE id % 4 = 0");
            Map<Integer, String> table = table(db);
            assertEquals(40, table.size());
            awaitIndexEquals(es, "notes-live", table);

            // rebuilding from the topic: every row record is complete, so the fresh index is the table
            startReadModel(cluster, es, "replay-fresh", TOPIC, "notes-fresh", true);
            awaitIndexEquals(es, "notes-fresh", table);

            // older changes again (a rebalance, a retried bulk, a replay from an old offset): nothing goes back
            long copied = copyFirstHalf(cluster);
            startReadModel(cluster, es, "replay-older-versioned", OLD_CHANGES, "notes-live", true);
            awaitConsumed(cluster, "replay-older-versioned", copied);
            assertEquals(table, index(es, "notes-live"));

            // the same older changes written without versions take documents back: what the versions prevent
            startReadModel(cluster, es, "replay-older-unversioned", OLD_CHANGES, "notes-fresh", false);
            awaitConsumed(cluster, "replay-older-unversioned", copied);
            assertNotEquals(table, index(es, "notes-fresh"));
        } finally {
            for (String name : List.of("replay-older-unversioned", "replay-older-versioned", "replay-fresh",
                    "replay-live", "replay-cdc")) {
                cluster.connect().deleteConnector(name);
            }
        }
    }

    private static void startReadModel(KafkaConnectCluster cluster, ElasticsearchServer es, String name, String topic,
            String index, boolean versioned) {
        Map<String, String> sink = ReadModelConfigs.readModel(es, topic, index, versioned);
        cluster.connect().putConnectorConfig(name, sink);
        cluster.connect().awaitRunning(name, 1, TIMEOUT);
    }

    /** Copies the first half of the change topic, headers included, to a topic of its own; the count copied. */
    private static long copyFirstHalf(KafkaConnectCluster cluster) throws Exception {
        long end = cluster.topics().endOffset(TOPIC);
        List<ConsumerRecord<byte[], byte[]>> records = cluster.topics().read(TOPIC, (int) end, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> older = records.subList(0, records.size() / 2);
        cluster.topics().create(OLD_CHANGES, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> record : older) {
                producer.send(new ProducerRecord<>(OLD_CHANGES, null, record.key(), record.value(),
                        record.headers())).get(30, TimeUnit.SECONDS);
            }
        }
        return older.size();
    }

    private static void awaitConsumed(KafkaConnectCluster cluster, String connector, long records) {
        AtomicReference<Long> last = new AtomicReference<>(-1L);
        Poll.until(TIMEOUT, () -> connector + " committing offset " + records + "; it is at " + last.get(), () -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()))) {
                Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + connector)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                last.set(offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false; // the group has not committed yet
            }
            return last.get() == records;
        });
    }

    private static void awaitIndexEquals(ElasticsearchServer es, String index, Map<Integer, String> table) {
        AtomicReference<Map<Integer, String>> last = new AtomicReference<>(Map.of());
        Poll.until(TIMEOUT, () -> index + " equal to the table; differs at " + difference(table, last.get()), () -> {
            if (!es.indices().exists(index)) {
                return false;
            }
            last.set(index(es, index));
            return last.get().equals(table);
        });
    }

    private static String difference(Map<Integer, String> table, Map<Integer, String> index) {
        Map<Integer, String> differences = new TreeMap<>();
        table.forEach((id, row) -> {
            if (!row.equals(index.get(id))) {
                differences.put(id, "table " + row + ", index " + index.get(id));
            }
        });
        index.keySet().stream().filter(id -> !table.containsKey(id)).forEach(id -> differences.put(id, "extra"));
        return differences.toString();
    }

    /** id → title | rev | md5 of the body, per row. */
    private static Map<Integer, String> table(PostgresDatabase db) throws SQLException {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, title, rev, md5(body) FROM notes")) {
            while (result.next()) {
                rows.put(result.getInt(1), result.getString(2) + " | " + result.getInt(3) + " | "
                        + result.getString(4));
            }
        }
        return rows;
    }

    /** The same for every document of the index. */
    private static Map<Integer, String> index(ElasticsearchServer es, String index) {
        Map<Integer, String> documents = new TreeMap<>();
        for (Map<String, Object> source : es.indices().search(index, "*", 1000)) {
            Object body = source.get("body");
            documents.put(((Number) source.get("id")).intValue(), source.get("title") + " | " + source.get("rev")
                    + " | " + (body == null ? "(no body)" : md5((String) body)));
        }
        return documents;
    }

    private static boolean toasted(PostgresDatabase db) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class "
                     + "WHERE relname = 'notes'")) {
            return result.next() && result.getBoolean(1);
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
