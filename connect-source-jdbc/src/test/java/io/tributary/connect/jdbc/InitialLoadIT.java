package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.TIMEOUT;
import static io.tributary.connect.jdbc.Fixture.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.jdbc.query.QueryTarget;
import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import io.tributary.localservers.ConnectRestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * initial.load.parallel: a table's existing rows read by several tasks in ranges of its incrementing column,
 * then by one task incrementally, while other sessions write to it; and a restart in the middle of the load.
 */
@WithKafkaConnect
@WithPostgres
class InitialLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void incrementingLoadInRangesDeliversEveryIdOnceWhileWritersInsert(KafkaConnectCluster cluster,
                                                                      PostgresDatabase db) throws Exception {
        String table = Fixture.unique("load_inc");
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, who text NOT NULL)",
                "INSERT INTO " + table + " (who) SELECT 'existing' FROM generate_series(1, 30000)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "l.");
        config.put("incrementing.column.name", "id");
        config.put("tasks.max", "3");
        config.put("initial.load.parallel", "true");

        try (Connection open = db.connect(); CapturedLog log = CapturedLog.ofPlugin()) {
            // a transaction running when the ranges are cut: its id (30001) is below the highest one committed
            // (30002), so only a range can read it, and only once it has committed
            open.setAutoCommit(false);
            execute(open, "INSERT INTO " + table + " (who) VALUES ('open at planning')");
            db.execute("INSERT INTO " + table + " (who) VALUES ('committed at planning')");
            Writer writer = Writer.start(db, "INSERT INTO " + table + " (who) VALUES ('during the load')");
            Fixture.run(cluster, table, config, 3);
            Thread.sleep(3_000); // the ranges wait meanwhile, and the writer goes on
            open.commit();
            Thread.sleep(1_500);
            writer.stop();
            long last = ((Number) db.queryValue("SELECT max(id) FROM " + table)).longValue();
            assertEquals(last, ((Number) db.queryValue("SELECT count(*) FROM " + table)).longValue());

            List<Long> delivered = allIds(cluster, "l." + table, last);
            // sorted, so an id read twice shows as a repeat and one never read as a gap
            assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), delivered.stream().sorted().toList());
            assertFalse(log.linesWith("is loaded in 3 ranges of id").isEmpty(), log.lines().toString());
            assertFalse(log.linesWith("initial load range", "waits until every transaction").isEmpty(),
                    log.lines().toString());
            assertFalse(log.linesWith("every one of the 3 initial load ranges is read").isEmpty(),
                    log.lines().toString());
        }
        ConnectorStatus status = cluster.connect().status(table);
        assertEquals(List.of("RUNNING", "RUNNING", "RUNNING"),
                status.tasks().stream().map(ConnectorStatus.Task::state).toList());
        AtomicReference<Map<String, JsonNode>> stored = new AtomicReference<>();
        Poll.until(Duration.ofSeconds(30), () -> "offsets of the three ranges and of the table; so far "
                + stored.get(), () -> {
                    stored.set(storedOffsets(cluster, table));
                    return stored.get().keySet().containsAll(Set.of("0", "1", "2", ""));
                });
        Map<String, JsonNode> offsets = stored.get();
        assertTrue(offsets.get("2").has("load"), offsets.toString());
        LoadPlan plan = LoadPlan.decode(offsets.get("2").get("load").asText());
        // the ids up to the highest committed when the load was planned, the open transaction's among them
        assertTrue(plan.high() >= 30002, plan.encode());
        assertEquals(plan.high() + 1, plan.ranges().get(2).to(), plan.encode());
        assertEquals(plan.high(), offsets.get("2").get("incrementing").asLong(), offsets.toString());
    }

    @Test
    void timestampIncrementingLoadEndsWithTheTablesVersionOfEveryRow(KafkaConnectCluster cluster,
                                                                    PostgresDatabase db) throws Exception {
        String table = Fixture.unique("load_ts");
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, version int NOT NULL DEFAULT 0, "
                        + "ts timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + table + " (ts) SELECT timestamptz '2024-01-01' + n * interval '1 second' "
                        + "FROM generate_series(1, 20000) AS n");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "t.");
        config.put("incrementing.column.name", "id");
        config.put("timestamp.column.name", "ts");
        config.put("tasks.max", "3");
        config.put("initial.load.parallel", "true");

        // updates of existing rows and inserts of new ones while the ranges are read
        Writer writer = Writer.start(db, "UPDATE " + table + " SET version = version + 1, ts = clock_timestamp() "
                + "WHERE id = (SELECT 1 + floor(random() * 20000)::bigint)",
                "INSERT INTO " + table + " (version) VALUES (0)");
        try (CapturedLog log = CapturedLog.ofPlugin()) {
            Fixture.run(cluster, table, config, 3);
            Poll.until(TIMEOUT, () -> "the hand-over to the incremental part; log: " + log.lines(),
                    () -> !log.linesWith("initial load ranges is read").isEmpty());
            Thread.sleep(2_000); // writes after the hand-over too
        }
        writer.stop();

        Map<Long, Long> table0 = new HashMap<>();
        for (Map<String, Object> row : db.query("SELECT id, version FROM " + table)) {
            table0.put(((Number) row.get("id")).longValue(), ((Number) row.get("version")).longValue());
        }
        Map<Long, List<Long>> versions = new TreeMap<>();
        Poll.until(TIMEOUT, () -> "every row's last version in the topic to be the table's", () -> {
            versions.clear();
            for (JsonNode value : allValues(cluster, "t." + table)) {
                versions.computeIfAbsent(value.get("id").asLong(), id -> new ArrayList<>())
                        .add(value.get("version").asLong());
            }
            return versions.keySet().equals(table0.keySet()) && table0.entrySet().stream()
                    .allMatch(row -> lastOf(versions.get(row.getKey())).equals(row.getValue()));
        });
        for (Map.Entry<Long, List<Long>> row : versions.entrySet()) {
            List<Long> seen = row.getValue();
            // each version at most once, in the order written
            assertEquals(seen.stream().distinct().sorted().toList(), seen, "versions of id " + row.getKey());
        }
    }

    @Test
    void aRestartInTheMiddleOfTheLoadResumesEveryRange(KafkaConnectCluster cluster, PostgresDatabase db)
            throws Exception {
        String table = Fixture.unique("load_restart");
        int rows = 400_000;
        startLoad(cluster, db, table, rows, 2, "r.");
        cluster.connect().send("PUT", "connectors/" + table + "/stop", null);
        Poll.until(TIMEOUT, () -> "the connector to stop", () -> "STOPPED".equals(
                cluster.connect().status(table).state()));
        Map<String, JsonNode> stopped = storedOffsets(cluster, table);
        long firstEnd = LoadPlan.decode(stopped.get("0").get("load").asText()).ranges().get(0).to();
        long atStop0 = stopped.get("0").get("incrementing").asLong();
        long atStop1 = stopped.get("1").get("incrementing").asLong();
        // stopped in the middle: neither range read to its end
        assertTrue(atStop0 < firstEnd - 1 && atStop1 < rows, "offsets at the stop: " + stopped);
        // an offset the task could not read (the id as a string) is refused while stopped, and nothing is written
        ConnectRestException refused = assertThrows(ConnectRestException.class, () -> cluster.connect().send(
                "PATCH", "connectors/" + table + "/offsets", "{\"offsets\": [{\"partition\": {\"table\": "
                        + "\"public." + table + "\", \"load_range\": \"0\"}, \"offset\": {\"incrementing\": \"5\", "
                        + "\"load\": " + stopped.get("0").get("load") + "}}]}"));
        assertTrue(refused.body().contains("sets incrementing to 5, which is not a number"), refused.getMessage());
        assertEquals(stopped, storedOffsets(cluster, table));

        try (CapturedLog log = CapturedLog.ofPlugin()) {
            cluster.connect().send("PUT", "connectors/" + table + "/resume", null);
            cluster.connect().awaitRunning(table, 2, TIMEOUT);
            List<Long> delivered = allIds(cluster, "r." + table, rows);
            assertEquals(LongStream.rangeClosed(1, rows).boxed().toList(),
                    delivered.stream().distinct().sorted().toList());
            // the worker committed what it had sent before it stopped: a resumed range repeats nothing
            assertEquals(rows, delivered.size(), "records delivered, repeats included");
            assertFalse(log.linesWith("goes on with its initial load in 2 ranges").isEmpty(), log.lines().toString());
            assertFalse(log.linesWith("initial load range 1 of 2", "from offset {incrementing=" + atStop0).isEmpty(),
                    log.lines().toString());
        }
        assertEquals(stopped.get("0").get("load"), storedOffsets(cluster, table).get("0").get("load"));
    }

    @Test
    void fewerTasksInTheMiddleOfTheLoadGoOnWithTheSameRanges(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("load_fewer");
        int rows = 300_000;
        Map<String, String> config = startLoad(cluster, db, table, rows, 3, "f.");
        String plan = storedOffsets(cluster, table).get("0").get("load").asText();

        try (CapturedLog log = CapturedLog.ofPlugin()) {
            // the operator lowers tasks.max while the ranges are read: the worker stops the three tasks and starts one
            config.put("tasks.max", "1");
            cluster.connect().putConnectorConfig(table, config);
            List<Long> delivered = allIds(cluster, "f." + table, rows);
            assertEquals(LongStream.rangeClosed(1, rows).boxed().toList(),
                    delivered.stream().distinct().sorted().toList());
            assertFalse(log.linesWith("goes on with its initial load in 3 ranges").isEmpty(), log.lines().toString());
        }
        Poll.until(TIMEOUT, () -> "one task running", () -> {
            ConnectorStatus status = cluster.connect().status(table);
            return status.tasks().size() == 1 && "RUNNING".equals(status.tasks().get(0).state());
        });
        // the same plan throughout: the one task read the three ranges where the three had stopped
        Map<String, JsonNode> after = storedOffsets(cluster, table);
        assertEquals(plan, after.get("0").get("load").asText());
        assertEquals(plan, after.get("2").get("load").asText());
    }

    @Test
    void spareTasksAreSharedOverTablesWithQuotedNamesAndSparseNegativeIds(KafkaConnectCluster cluster,
                                                                         PostgresDatabase db) {
        String plain = Fixture.unique("load_plain");
        String quoted = Fixture.unique("Load Lines");
        // the incrementing column has a space and capitals; in the second table it is not the primary key, and its
        // values are negative and sparse
        db.execute("CREATE TABLE " + plain + " (\"Line Id\" bigint PRIMARY KEY, who text NOT NULL)",
                "INSERT INTO " + plain + " SELECT n, 'p' FROM generate_series(1, 5000) AS n",
                "CREATE TABLE \"" + quoted + "\" (code text PRIMARY KEY, \"Line Id\" bigint NOT NULL UNIQUE)",
                "INSERT INTO \"" + quoted + "\" SELECT 'c' || n, n * 7 - 20000 FROM generate_series(1, 4000) AS n");
        Map<String, String> config = Fixture.baseConfig(db, "incrementing", "q.");
        config.put("table.include.list", "public\\.(" + plain + "|" + quoted + ")");
        config.put("incrementing.column.name", "Line Id");
        config.put("tasks.max", "4");
        config.put("initial.load.parallel", "true");

        try (CapturedLog log = CapturedLog.ofPlugin()) {
            Fixture.run(cluster, plain, config, 4);
            List<Long> first = allIds(cluster, "q." + plain, "Line Id", 5000);
            assertEquals(LongStream.rangeClosed(1, 5000).boxed().toList(), first.stream().sorted().toList());
            List<Long> second = allIds(cluster, QueryTarget.topicName("q." + quoted), "Line Id", 4000);
            assertEquals(LongStream.rangeClosed(1, 4000).map(n -> n * 7 - 20000).boxed().toList(),
                    second.stream().sorted().toList());
            // four tasks, two tables: one spare task each, so two ranges each
            assertEquals(2, log.linesWith("is loaded in 2 ranges of Line Id").size(), log.lines().toString());
        }
    }

    @Test
    void rangesOfATableWhoseIdsComeInFarApartRunsHoldAboutAsManyRowsEach(KafkaConnectCluster cluster,
                                                                         PostgresDatabase db) {
        String table = Fixture.unique("load_runs");
        int run = 60_000;
        // a legacy table's ids: one series, then another restarted at 10^12 after a migration; ranges of equal
        // width put every row in the first and the last of four ranges, so two of the tasks had nothing to read
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, who text NOT NULL)",
                "INSERT INTO " + table + " SELECT n, repeat('a', 60) FROM generate_series(1, " + run + ") AS n",
                "INSERT INTO " + table + " SELECT 1000000000000 + n, repeat('b', 60) FROM generate_series(1, "
                        + run + ") AS n");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "k.");
        config.put("incrementing.column.name", "id");
        config.put("tasks.max", "4");
        config.put("initial.load.parallel", "true");

        List<String> planned;
        try (CapturedLog log = CapturedLog.ofPlugin()) {
            Fixture.run(cluster, table, config, 4);
            List<Long> delivered = allIds(cluster, "k." + table, "id", 2L * run);
            assertEquals(LongStream.concat(LongStream.rangeClosed(1, run),
                            LongStream.rangeClosed(1_000_000_000_001L, 1_000_000_000_000L + run)).boxed().toList(),
                    delivered.stream().sorted().toList());
            planned = log.linesWith("is loaded in 4 ranges of id");
        }
        AtomicReference<Map<String, JsonNode>> stored = new AtomicReference<>();
        Poll.until(TIMEOUT, () -> "the offset of range 0, with the plan; so far " + stored.get(), () -> {
            stored.set(storedOffsets(cluster, table));
            return stored.get().containsKey("0");
        });
        LoadPlan plan = LoadPlan.decode(stored.get().get("0").get("load").asText());
        assertEquals(4, plan.ranges().size(), plan.encode());
        for (KeyRange range : plan.ranges()) {
            long rows = ((Number) db.queryValue("SELECT count(*) FROM " + table + " WHERE "
                    + range.condition("id"))).longValue();
            // a quarter each, give or take the sample's page-by-page grain
            assertTrue(rows >= 2L * run * 15 / 100 && rows <= 2L * run * 35 / 100,
                    "range " + range.label() + " holds " + rows + " of " + 2 * run + " rows; plan " + plan.encode());
        }
        // the table has ~1,500 pages: the sample is some 300 of them, not the whole column
        assertTrue(planned.size() == 1 && planned.get(0).contains("cut at the quantiles of a sample of"),
                planned.toString());
    }

    /**
     * Creates {@code table} with ids 1..rows and a connector of that name loading it with {@code tasks} tasks (one
     * range each, 200 rows a batch); returns once every range has a stored offset. Answers the connector's config.
     */
    private static Map<String, String> startLoad(KafkaConnectCluster cluster, PostgresDatabase db, String table,
                                                 int rows, int tasks, String topicPrefix) {
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, who text NOT NULL)",
                "INSERT INTO " + table + " SELECT n, 'row ' || n FROM generate_series(1, " + rows + ") AS n");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, topicPrefix);
        config.put("incrementing.column.name", "id");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("initial.load.parallel", "true");
        config.put("batch.max.rows", "200");

        Fixture.run(cluster, table, config, tasks);
        Set<String> ranges = new HashSet<>();
        for (int i = 0; i < tasks; i++) {
            ranges.add(Integer.toString(i));
        }
        AtomicReference<Map<String, JsonNode>> stored = new AtomicReference<>();
        Poll.until(TIMEOUT, () -> "offsets of the " + tasks + " ranges, stored; so far " + stored.get(), () -> {
            stored.set(storedOffsets(cluster, table));
            return stored.get().keySet().containsAll(ranges);
        });
        return config;
    }

    /** The stored offsets of the connector's partitions by load range ("" for the table's own partition). */
    private static Map<String, JsonNode> storedOffsets(KafkaConnectCluster cluster, String name) {
        Map<String, JsonNode> offsets = new TreeMap<>();
        for (JsonNode entry : cluster.connect().send("GET", "connectors/" + name + "/offsets", null).get("offsets")) {
            JsonNode range = entry.get("partition").get(LoadPlan.PARTITION_KEY);
            offsets.put(range == null ? "" : range.asText(), entry.get("offset"));
        }
        return offsets;
    }

    private static Long lastOf(List<Long> values) {
        return values == null ? null : values.get(values.size() - 1);
    }

    /** The ids of the topic's records up to the moment {@code last} and every id below it have arrived. */
    private static List<Long> allIds(KafkaConnectCluster cluster, String topic, long last) {
        return allIds(cluster, topic, "id", last);
    }

    /** The {@code field} of the topic's records up to the moment {@code distinctIds} distinct values have arrived. */
    private static List<Long> allIds(KafkaConnectCluster cluster, String topic, String field, long distinctIds) {
        List<Long> ids = new ArrayList<>();
        Set<Long> distinct = new HashSet<>();
        readUntil(cluster, topic, value -> {
            long id = value.get(field).asLong();
            ids.add(id);
            distinct.add(id);
            return distinct.size() >= distinctIds;
        }, () -> distinctIds + " distinct " + field + " in " + topic + "; " + ids.size() + " records so far, "
                + distinct.size() + " distinct; missing of 1.." + distinctIds + ": "
                + LongStream.rangeClosed(1, distinctIds).filter(id -> !distinct.contains(id)).limit(20).boxed()
                        .toList());
        return ids;
    }

    /** Every record value of a one-partition topic, up to its end now. */
    private static List<JsonNode> allValues(KafkaConnectCluster cluster, String topic) {
        List<JsonNode> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, topic)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(payload(record.value()));
                }
            }
        }
        return values;
    }

    /** Reads the topic from its beginning, value by value, until {@code done} says so; fails after the timeout. */
    private static void readUntil(KafkaConnectCluster cluster, String topic, Predicate<JsonNode> done,
                                  Supplier<String> what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, topic)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (done.test(payload(record.value()))) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("Timed out waiting for " + what.get());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaConnectCluster cluster, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    private static JsonNode payload(byte[] value) {
        try {
            return JSON.readTree(value).get("payload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one of its statements at random, in its own transaction, every few milliseconds until stopped. */
    private static final class Writer implements Runnable {

        private final PostgresDatabase db;
        private final String[] statements;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        private Writer(PostgresDatabase db, String[] statements) {
            this.db = db;
            this.statements = statements;
            this.thread = new Thread(this, "initial-load-writer");
        }

        static Writer start(PostgresDatabase db, String... statements) {
            Writer writer = new Writer(db, statements);
            writer.thread.start();
            return writer;
        }

        @Override
        public void run() {
            try (Connection connection = db.connect()) {
                connection.setAutoCommit(true);
                while (running.get()) {
                    execute(connection, statements[ThreadLocalRandom.current().nextInt(statements.length)]);
                    Thread.sleep(2);
                }
            } catch (SQLException | InterruptedException | RuntimeException e) {
                failure.set(e);
            }
        }

        /** Stops it, and fails the test if a statement failed. */
        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            if (failure.get() != null) {
                throw new AssertionError("the writer failed", failure.get());
            }
        }
    }
}
