package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The table changes shape while the connector reads it and a writer inserts: every row still arrives (at
 * least once), the rows after the change carry the new schema, and the task keeps running. The querier's
 * server-side prepared statement was planned for the old shape; PostgreSQL refuses to run it again with
 * "cached plan must not change result type" (SQLState 0A000).
 */
@WithKafkaConnect
@WithPostgres
class SchemaDriftIT {

    @Test
    void addColumn(KafkaConnectCluster cluster, PostgresDatabase db) throws Exception {
        drift(cluster, db, "add", "ALTER TABLE %s ADD COLUMN note text DEFAULT 'added'",
                value -> value.has("note") && "added".equals(value.get("note").asText()));
    }

    @Test
    void dropColumn(KafkaConnectCluster cluster, PostgresDatabase db) throws Exception {
        drift(cluster, db, "drop", "ALTER TABLE %s DROP COLUMN qty", value -> !value.has("qty"));
    }

    @Test
    void widenAType(KafkaConnectCluster cluster, PostgresDatabase db) throws Exception {
        drift(cluster, db, "widen", "ALTER TABLE %s ALTER COLUMN qty TYPE numeric(20, 2)",
                value -> value.has("qty") && !value.get("qty").isInt());
    }

    @Test
    void renameAColumn(KafkaConnectCluster cluster, PostgresDatabase db) throws Exception {
        drift(cluster, db, "rename", "ALTER TABLE %s RENAME COLUMN name TO full_name",
                value -> value.has("full_name") && !value.has("name"));
    }

    /**
     * Starts a writer and the connector, changes the table mid-stream, stops the writer, and checks that
     * every id arrived, that the last record has the new shape, and that the task still runs.
     */
    private static void drift(KafkaConnectCluster cluster, PostgresDatabase db, String kind, String alter,
                                Predicate<JsonNode> newShape) throws Exception {
        String table = Fixture.unique("drift_" + kind);
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, name text NOT NULL DEFAULT 'n', "
                + "qty integer NOT NULL DEFAULT 1)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "drift.");
        config.put("incrementing.column.name", "id");
        config.put("poll.interval.ms", "50");
        config.put("batch.max.rows", "20");
        String topic = "drift." + table;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Exception> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection connection = db.connect(); Statement insert = connection.createStatement()) {
                while (writing.get()) {
                    insert.execute("INSERT INTO " + table + " DEFAULT VALUES");
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                writerFailure.set(e);
            }
        }, "drift-writer");
        writer.start();
        try {
            Fixture.run(cluster, table, config, 1);
            Poll.until(Fixture.TIMEOUT, "rows before the change", () -> end(cluster, topic) >= 50);
            db.execute(String.format(alter, table));
            long after = ((Number) db.queryValue("SELECT max(id) FROM " + table)).longValue();
            Poll.until(Fixture.TIMEOUT, "rows after the change",
                    () -> end(cluster, topic) >= after + 50);
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
        assertEquals(null, writerFailure.get(), "the writer inserted throughout");
        long written = ((Number) db.queryValue("SELECT count(*) FROM " + table)).longValue();
        Set<Long> expected = LongStream.rangeClosed(1, written).boxed().collect(Collectors.toSet());
        Poll.until(Fixture.TIMEOUT, "every row in the topic", () -> end(cluster, topic) >= written);
        Set<Long> seen = new HashSet<>();
        List<JsonNode> values = Fixture.values(cluster, topic, (int) end(cluster, topic));
        values.forEach(value -> seen.add(value.get("id").asLong()));
        Poll.until(Fixture.TIMEOUT, () -> "every id; missing " + missing(expected, seen), () -> {
            List<JsonNode> all = Fixture.values(cluster, topic, (int) end(cluster, topic));
            all.forEach(value -> seen.add(value.get("id").asLong()));
            return seen.containsAll(expected);
        });
        JsonNode last = Fixture.values(cluster, topic, (int) end(cluster, topic)).get(
                (int) end(cluster, topic) - 1);
        assertTrue(newShape.test(last), "the newest record has the new shape: " + last);
        assertTrue(cluster.connect().status(table).isRunning(1), cluster.connect().status(table).traces());
        cluster.connect().deleteConnector(table);
    }

    /** The topic's end offset; 0 until the worker has created the topic. */
    private static long end(KafkaConnectCluster cluster, String topic) {
        try {
            return cluster.topics().endOffset(topic);
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    private static Set<Long> missing(Set<Long> expected, Set<Long> seen) {
        return expected.stream().filter(id -> !seen.contains(id)).limit(20).collect(Collectors.toSet());
    }
}
