package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.FaultProxy;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network between the task and PostgreSQL fails (issue item 8): the connector reaches the database through
 * a {@link FaultProxy} that black-holes, resets or slows its connections. Every row must arrive, repeated at
 * most as at-least-once allows, and the task must be RUNNING afterwards. Each test logs how long recovery took.
 *
 * <p>A black hole sends no RST and no FIN: without {@code connection.socket.timeout.ms} (0, the behaviour before
 * the timeouts were added) the task waits on its silent connection forever while it shows RUNNING.
 */
@WithKafkaConnect
@WithPostgres
class NetworkFaultIT {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkFaultIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short, so a test waits little: whole seconds for PostgreSQL. */
    private static final long SOCKET_TIMEOUT_MS = 3_000;
    /** Socket timeout, login timeout and a few backoffs: far longer than recovery may take. */
    private static final Duration RECOVERY = Duration.ofSeconds(40);
    /** One connection attempt (the login timeout) and a poll's wait: a task busy longer holds off the worker. */
    private static final Duration PAUSE = Duration.ofSeconds(10);

    private FaultProxy proxy;
    private final List<String> connectors = new ArrayList<>();

    @BeforeEach
    void startProxy(PostgresDatabase db) {
        proxy = FaultProxy.to(db.host(), db.port());
    }

    @AfterEach
    void stop(KafkaConnectCluster cluster) {
        for (String name : connectors) {
            cluster.connect().deleteConnector(name);
        }
        proxy.close();
    }

    @Test
    void aConnectionSilencedForGoodIsDroppedAfterTheSocketTimeoutAndReopened(KafkaConnectCluster cluster,
                                                                              PostgresDatabase db) {
        String table = createTable(db, 1, 50);
        String name = start(cluster, db, table);
        try (TopicTail tail = new TopicTail(cluster, "n." + table)) {
            tail.awaitIds(50, Fixture.TIMEOUT);

            proxy.blackHoleExisting(); // a NAT forgot the connection, or the primary failed over: no RST
            long faultAt = System.nanoTime();
            insert(db, table, 51, 100);

            long lastAt = tail.awaitIds(100, RECOVERY);
            report("black-hole existing", "from the fault", faultAt, lastAt, tail, 100);
            assertNoLossAndRunning(cluster, name, tail, 100);
            assertEquals(0, tail.duplicates(), "a reconnecting task re-reads from its last delivered row");
        }
    }

    @Test
    void aBlackHoleThatHealsIsSurvivedByTheTaskAndTheTableWatcher(KafkaConnectCluster cluster, PostgresDatabase db)
            throws InterruptedException {
        String schema = Fixture.unique("hole");
        db.execute("CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".a (id int PRIMARY KEY)",
                "INSERT INTO " + schema + ".a SELECT generate_series(1, 50)");
        Map<String, String> config = config(db, schema + ".");
        config.put("schema.pattern", schema);
        String name = run(cluster, schema, config);
        try (TopicTail tail = new TopicTail(cluster, schema + ".a")) {
            tail.awaitIds(50, Fixture.TIMEOUT);

            proxy.blackHole(); // nothing gets through, not even new connections
            insert(db, schema + ".a", 51, 100);
            // long enough for the socket timeout, several failed reconnects and failed table listings
            Thread.sleep(4 * SOCKET_TIMEOUT_MS);
            assertEquals(50, tail.distinctIds(), "nothing passes the black hole");
            proxy.pass();
            long healedAt = System.nanoTime();

            long lastAt = tail.awaitIds(100, RECOVERY);
            report("black-hole then heal", "from the heal", healedAt, lastAt, tail, 100);
            assertNoLossAndRunning(cluster, name, tail, 100);

            // the table watcher lists tables on connections of its own: it must have come back too
            db.execute("CREATE TABLE " + schema + ".b (id int PRIMARY KEY)",
                    "INSERT INTO " + schema + ".b SELECT generate_series(1, 10)");
            try (TopicTail second = new TopicTail(cluster, schema + ".b")) {
                second.awaitIds(10, RECOVERY);
            }
            // the new table restarts the task from the committed offsets: repeats are at-least-once
            insert(db, schema + ".a", 101, 110);
            tail.awaitIds(110, RECOVERY);
            LOG.info("NetworkFaultIT jdbc black-hole then heal: the table watcher found a new table after the heal; "
                    + "{} duplicate(s) in {} after the task's reconfiguration", tail.duplicates(), tail.topic);
            assertNoLossAndRunning(cluster, name, tail, 110);
        }
    }

    @Test
    void aTaskReconnectingThroughABlackHoleStillPausesAtOnceAndResumesAfterTheHeal(KafkaConnectCluster cluster,
                                                                                  PostgresDatabase db)
            throws InterruptedException {
        String table = createTable(db, 1, 20);
        String name = start(cluster, db, table);
        try (TopicTail tail = new TopicTail(cluster, "n." + table)) {
            tail.awaitIds(20, Fixture.TIMEOUT);
            proxy.blackHole();
            insert(db, table, 21, 40);
            // the task's read times out and it tries to reconnect, into the black hole
            Thread.sleep(SOCKET_TIMEOUT_MS + 2_000);

            // the worker acts on a pause, a stop or a rebalance only between two calls of poll()
            long pausedFrom = System.nanoTime();
            cluster.connect().send("PUT", "connectors/" + name + "/pause", null);
            Poll.until(PAUSE, () -> "task of " + name + " to be PAUSED; it is " + taskState(cluster, name),
                    () -> "PAUSED".equals(taskState(cluster, name)));
            LOG.info("NetworkFaultIT jdbc pause while reconnecting: the task paused {} s after the request",
                    String.format("%.1f", (System.nanoTime() - pausedFrom) / 1e9));

            proxy.pass();
            cluster.connect().send("PUT", "connectors/" + name + "/resume", null);
            long resumedAt = System.nanoTime();
            long lastAt = tail.awaitIds(40, RECOVERY);
            report("paused in a black hole, then heal and resume", "from the resume", resumedAt, lastAt, tail, 40);
            assertNoLossAndRunning(cluster, name, tail, 40);
        }
    }

    private static String taskState(KafkaConnectCluster cluster, String name) {
        List<ConnectorStatus.Task> tasks = cluster.connect().status(name).tasks();
        return tasks.isEmpty() ? "absent" : tasks.get(0).state();
    }

    @Test
    void resetConnectionsAreReopenedAndReadingResumesAfterTheLastDeliveredRow(KafkaConnectCluster cluster,
                                                                              PostgresDatabase db) {
        String table = createTable(db, 1, 20_000);
        Map<String, String> config = config(db, "n.");
        config.put("table.include.list", "public\\." + table);
        config.put("batch.max.rows", "100");
        String name = run(cluster, table, config);
        try (TopicTail tail = new TopicTail(cluster, "n." + table)) {
            tail.awaitIds(1, Fixture.TIMEOUT);
            proxy.reset(); // while the task reads the table
            long resetAt = System.nanoTime();
            int seenAtReset = tail.distinctIds();
            insert(db, table, 20_001, 20_100);

            long lastAt = tail.awaitIds(20_100, RECOVERY);
            report("reset", "from the reset (" + seenAtReset + " rows had arrived)", resetAt, lastAt, tail, 20_100);
            assertNoLossAndRunning(cluster, name, tail, 20_100);
            assertEquals(0, tail.duplicates(), "a reconnecting task re-reads from its last delivered row");
        }
    }

    @Test
    void aSlowLinkDelaysRowsButLosesNone(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = createTable(db, 1, 50);
        String name = start(cluster, db, table);
        try (TopicTail tail = new TopicTail(cluster, "n." + table)) {
            tail.awaitIds(50, Fixture.TIMEOUT);

            proxy.delay(Duration.ofMillis(250)); // half a second per round trip, well under the socket timeout
            long slowFrom = System.nanoTime();
            insert(db, table, 51, 300);
            long lastAt = tail.awaitIds(300, RECOVERY);
            report("slow link (250 ms each way)", "from the insert", slowFrom, lastAt, tail, 300);

            proxy.pass();
            insert(db, table, 301, 310);
            tail.awaitIds(310, RECOVERY);
            assertNoLossAndRunning(cluster, name, tail, 310);
            assertEquals(0, tail.duplicates());
        }
    }

    private String createTable(PostgresDatabase db, int from, int to) {
        String table = Fixture.unique("net");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
        insert(db, table, from, to);
        return table;
    }

    private static void insert(PostgresDatabase db, String table, int from, int to) {
        db.execute("INSERT INTO " + table + " SELECT generate_series(" + from + ", " + to + ")");
    }

    private String start(KafkaConnectCluster cluster, PostgresDatabase db, String table) {
        Map<String, String> config = config(db, "n.");
        config.put("table.include.list", "public\\." + table);
        return run(cluster, table, config);
    }

    private String run(KafkaConnectCluster cluster, String name, Map<String, String> config) {
        Fixture.run(cluster, name, config, 1);
        connectors.add(name);
        return name;
    }

    /** Through the proxy, with short timeouts and enough connection attempts to outlast a black hole. */
    private Map<String, String> config(PostgresDatabase db, String topicPrefix) {
        Map<String, String> config = Fixture.baseConfig(db, "incrementing", topicPrefix);
        config.put("connection.url", "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/" + db.name());
        config.put("incrementing.column.name", "id");
        config.put("connection.socket.timeout.ms", Long.toString(SOCKET_TIMEOUT_MS));
        config.put("connection.login.timeout.ms", Long.toString(SOCKET_TIMEOUT_MS));
        config.put("connection.connect.timeout.ms", Long.toString(SOCKET_TIMEOUT_MS));
        config.put("connection.attempts", "20");
        config.put("connection.backoff.ms", "500");
        return config;
    }

    private void report(String scenario, String from, long startNanos, long lastNanos, TopicTail tail, int rows) {
        LOG.info("NetworkFaultIT jdbc {}: recovered in {} s {} to the last of {} rows; {} duplicate(s); "
                        + "{} connection(s) through the proxy", scenario,
                String.format("%.1f", (lastNanos - startNanos) / 1e9), from, rows, tail.duplicates(),
                proxy.connectionsAccepted());
    }

    private static void assertNoLossAndRunning(KafkaConnectCluster cluster, String name, TopicTail tail, int rows) {
        assertEquals(LongStream.rangeClosed(1, rows).boxed().toList(), List.copyOf(tail.ids()));
        assertTrue(cluster.connect().status(name).isRunning(1), () -> cluster.connect().status(name).toString());
    }

    /** Follows a topic from its beginning: the ids its records carry, how often, and when the last one came. */
    private static final class TopicTail implements AutoCloseable {
        private final String topic;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<Long, Integer> seen = new HashMap<>();
        private long records;

        TopicTail(KafkaConnectCluster cluster, String topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        /**
         * Waits until ids 1..{@code count} all arrived; returns the nanoTime at which the last missing one did.
         * Fails with what is missing when the timeout passes first.
         */
        long awaitIds(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (missing(count).isEmpty()) {
                    return System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    TreeSet<Long> missing = missing(count);
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for ids 1.."
                            + count + " in " + topic + ": " + missing.size() + " missing (" + missing.first() + ".."
                            + missing.last() + "), " + seen.size() + " arrived");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records++;
                    seen.merge(id(record.value()), 1, Integer::sum);
                }
            }
        }

        private TreeSet<Long> missing(int count) {
            return LongStream.rangeClosed(1, count).filter(id -> !seen.containsKey(id)).boxed()
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        int distinctIds() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                records++;
                seen.merge(id(record.value()), 1, Integer::sum);
            }
            return seen.size();
        }

        TreeSet<Long> ids() {
            return new TreeSet<>(seen.keySet());
        }

        long duplicates() {
            return records - seen.size();
        }

        private static long id(byte[] value) {
            try {
                JsonNode envelope = JSON.readTree(value);
                return envelope.get("payload").get("id").asLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
