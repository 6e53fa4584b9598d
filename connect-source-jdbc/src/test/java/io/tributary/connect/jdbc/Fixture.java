package io.tributary.connect.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared chores of the integration tests: fresh names, a connector config a user would write, decoded records. */
final class Fixture {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Fixture() {
    }

    /** A fresh lower-case name, unique in this JVM and across reruns against the same servers. */
    static String unique(String prefix) {
        return prefix + "_" + SEQUENCE.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** The JSON config for one table of the test database; topics are created by the worker. */
    static Map<String, String> tableConfig(PostgresDatabase db, String mode, String table, String topicPrefix) {
        Map<String, String> config = baseConfig(db, mode, topicPrefix);
        config.put("table.include.list", "public\\." + table);
        return config;
    }

    static Map<String, String> baseConfig(PostgresDatabase db, String mode, String topicPrefix) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", JdbcSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("connection.url", db.jdbcUrl());
        config.put("connection.user", db.user());
        config.put("connection.password", db.password());
        config.put("mode", mode);
        config.put("topic.prefix", topicPrefix);
        config.put("poll.interval.ms", "200");
        config.put("table.poll.interval.ms", "1000");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        return config;
    }

    /** Starts a connector and waits until it runs with {@code tasks} tasks. */
    static void run(KafkaConnectCluster cluster, String name, Map<String, String> config, int tasks) {
        cluster.connect().createConnector(name, config);
        cluster.connect().awaitRunning(name, tasks, TIMEOUT);
    }

    /** The first {@code count} records of a topic: key and value payloads, decoded. */
    static List<Row> rows(KafkaConnectCluster cluster, String topic, int count) {
        List<Row> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.topics().read(topic, count, TIMEOUT)) {
            rows.add(new Row(parse(record.key()), parse(record.value())));
        }
        return rows;
    }

    static List<JsonNode> values(KafkaConnectCluster cluster, String topic, int count) {
        return rows(cluster, topic, count).stream().map(Row::value).toList();
    }

    /** A value's payload field as a long, for id lists. */
    static List<Long> ids(List<JsonNode> values, String field) {
        return values.stream().map(value -> value.get(field).asLong()).toList();
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record as JsonConverter with schemas wrote it. */
    record Row(JsonNode key, JsonNode valueEnvelope) {

        JsonNode value() {
            return valueEnvelope.get("payload");
        }

        JsonNode valueSchema() {
            return valueEnvelope.get("schema");
        }

        JsonNode keyPayload() {
            return key == null ? null : key.get("payload");
        }

        JsonNode keySchema() {
            return key == null ? null : key.get("schema");
        }
    }

    /** Waits until the connector has queried the table (any scan) at least {@code scans} more times. */
    static void awaitPolls(PostgresDatabase db, String table, int scans) {
        long before = scans(db, table);
        Poll.until(Duration.ofSeconds(60), "the connector to scan " + table + " " + scans + " more times",
                () -> scans(db, table) >= before + scans);
    }

    private static long scans(PostgresDatabase db, String table) {
        Object value = db.queryValue("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables"
                + " WHERE relname = ?", table);
        return ((Number) value).longValue();
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
