package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.TIMEOUT;
import static io.tributary.connect.jdbc.Fixture.awaitPolls;
import static io.tributary.connect.jdbc.Fixture.execute;
import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gaps around a restart or a reset: where a table starts when it has no offset yet, ids that start again
 * below the offset, and an empty table's highest id.
 */
@WithKafkaConnect
@WithPostgres
class RestartGapIT {

    @Test
    void rowsWrittenWhileStoppedBeforeTheFirstRowArriveWithTimestampInitialNow(KafkaConnectCluster cluster,
                                                                             PostgresDatabase db) {
        String table = Fixture.unique("start_now");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + table + " VALUES (0, '2024-01-01T00:00:00Z')");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp", table, "r.");
        config.put("timestamp.column.name", "ts");
        config.put("timestamp.initial", "-1");
        Fixture.run(cluster, table, config, 1);
        awaitPolls(db, table, 2);

        stop(cluster, table);
        db.execute("INSERT INTO " + table + " (id) VALUES (1)");
        cluster.connect().send("PUT", "connectors/" + table + "/resume", null);
        cluster.connect().awaitRunning(table, 1, TIMEOUT);
        awaitPolls(db, table, 2);
        db.execute("INSERT INTO " + table + " (id) VALUES (2)");

        assertEquals(List.of(1L, 2L), TopicReads.idsUntil(cluster, "r." + table, "id", 2));
    }

    @Test
    void idsRestartedBelowTheOffsetAreReportedWithHowToReadThem(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("restarted_ids");
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, who text NOT NULL)",
                "INSERT INTO " + table + " (who) SELECT 'before' FROM generate_series(1, 3)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "r.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        assertEquals(List.of(1L, 2L, 3L), ids(values(cluster, "r." + table, 3), "id"));

        try (CapturedLog log = CapturedLog.ofPlugin()) {
            db.execute("TRUNCATE " + table + " RESTART IDENTITY",
                    "INSERT INTO " + table + " (who) VALUES ('after'), ('after')");
            Poll.until(Duration.ofSeconds(30), () -> "a WARN that table public." + table + " has ids below its "
                    + "offset; warnings so far: " + log.warnings(),
                    () -> !log.warningsWith("public." + table, "highest id 2", "offset 3", "/offsets").isEmpty());
        }

        // what the warning says to do: stop, forget the table's offset, resume
        stop(cluster, table);
        cluster.connect().send("PATCH", "connectors/" + table + "/offsets", "{\"offsets\": [{\"partition\": "
                + "{\"table\": \"public." + table + "\"}, \"offset\": null}]}");
        cluster.connect().send("PUT", "connectors/" + table + "/resume", null);
        List<String> writers = values(cluster, "r." + table, 5).stream().map(v -> v.get("who").asText()).toList();
        assertEquals(List.of("before", "before", "before", "after", "after"), writers);
    }

    @Test
    void idsAtOrBelowZeroWrittenIntoAnEmptyTableAreNotSkipped(KafkaConnectCluster cluster,
                                                              PostgresDatabase db) throws SQLException {
        String table = Fixture.unique("empty_start");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, who text NOT NULL)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "r.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        awaitPolls(db, table, 4);

        try (Connection writerA = db.connect()) {
            writerA.setAutoCommit(false);
            execute(writerA, "INSERT INTO " + table + " VALUES (-5, 'A')");
            db.execute("INSERT INTO " + table + " VALUES (-3, 'B')");
            awaitPolls(db, table, 4);
            writerA.commit();
        }
        db.execute("INSERT INTO " + table + " VALUES (10, 'last')");

        assertEquals(List.of(-5L, -3L, 10L), TopicReads.idsUntil(cluster, "r." + table, "id", 10));
    }

    /** PUT /connectors/{name}/stop and wait for STOPPED: the task is shut down and its offsets committed. */
    private static void stop(KafkaConnectCluster cluster, String name) {
        cluster.connect().send("PUT", "connectors/" + name + "/stop", null);
        Poll.until(TIMEOUT, "connector " + name + " to be STOPPED with no tasks", () -> {
            ConnectorStatus status = cluster.connect().status(name);
            return "STOPPED".equals(status.state()) && status.tasks().isEmpty();
        });
    }
}
