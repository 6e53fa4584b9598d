package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The connector on a worker with exactly-once source support: records and offsets are committed in one
 * transaction per poll, and a restart neither repeats nor skips a row.
 */
@WithKafkaConnect(workerProperties = "exactly.once.source.support=enabled")
@WithPostgres
class ExactlyOnceIT {

    @Test
    void writesRowsInTransactionsAndResumesWithNoRepeatAfterARestart(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("eos");
        String topic = "eos." + table;
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 1500) g");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "eos.");
        config.put("incrementing.column.name", "id");
        config.put("batch.max.rows", "200");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "poll");
        Map<String, String> named = new java.util.HashMap<>(config);
        named.put("name", table);
        ConfigValidation validation = cluster.connect().validate(named);
        assertTrue(validation.isValid(), validation.errors().toString());

        Fixture.run(cluster, table, config, 1);
        assertEquals(LongStream.rangeClosed(1, 1500).boxed().toList(), ids(values(cluster, topic, 1500), "id"));

        cluster.connect().send("POST", "connectors/" + table + "/restart?includeTasks=true", null);
        cluster.connect().awaitRunning(table, 1, Fixture.TIMEOUT);
        db.execute("INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1501, 1800) g");

        List<Long> all = ids(values(cluster, topic, 1800), "id");
        assertEquals(LongStream.rangeClosed(1, 1800).boxed().toList(), all);
        // read_committed consumers see 1,800 records; the commit markers of the transactions sit at offsets too
        long endOffset = cluster.topics().endOffset(topic);
        assertTrue(endOffset > 1800, "end offset " + endOffset + ": the records were not written in transactions");
    }

    @Test
    void transactionsCommittedOnAnIntervalDoNotHoldTheTaskAtItsBoundOnUnacknowledgedRecords(KafkaConnectCluster cluster,
                                                                                          PostgresDatabase db) {
        // records are acknowledged only when their transaction commits, between polls: the task must read on.
        // Were it to wait for acknowledgements instead, 100 rows would pass per 2 s transaction: 6,000 rows in
        // two minutes, past the fixture's timeout
        String table = Fixture.unique("eos_interval");
        String topic = "eos." + table;
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 6000) g");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "eos.");
        config.put("incrementing.column.name", "id");
        config.put("batch.max.rows", "50");
        config.put("max.unacknowledged.records", "100");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "interval");
        config.put("transaction.boundary.interval.ms", "2000");

        Fixture.run(cluster, table, config, 1);

        assertEquals(LongStream.rangeClosed(1, 6000).boxed().toList(), ids(values(cluster, topic, 6000), "id"));
    }

    @Test
    void refusesConnectorDefinedTransactionBoundariesOnItsKey(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("eos_boundary");
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "eos.");
        config.put("incrementing.column.name", "id");
        config.put("transaction.boundary", "connector");

        ConfigValidation validation = cluster.connect().validate(config);

        assertFalse(validation.isValid());
        assertFalse(validation.errorsFor("transaction.boundary").isEmpty(), validation.errors().toString());
    }

    @Test
    void refusesRequiredExactlyOnceInTheModesWhoseOffsetsCannotGiveItAndSaysWhyOnTheModeKey(
            KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("eos_modes");
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, ts timestamptz NOT NULL DEFAULT now())");
        for (String mode : List.of("bulk", "timestamp")) {
            Map<String, String> config = Fixture.tableConfig(db, mode, table, "eos.");
            config.put("timestamp.column.name", "ts");
            config.put("exactly.once.support", "required");

            ConfigValidation validation = cluster.connect().validate(config);

            assertFalse(validation.errorsFor("exactly.once.support").isEmpty(), mode + ": " + validation.errors());
            assertTrue(validation.errorsFor("mode").stream().anyMatch(error -> error.startsWith("Mode " + mode
                    + " cannot deliver exactly once") && error.contains("timestamp+incrementing")),
                    mode + ": " + validation.errors());
        }
        Map<String, String> exact = Fixture.tableConfig(db, "timestamp+incrementing", table, "eos.");
        exact.put("timestamp.column.name", "ts");
        exact.put("incrementing.column.name", "id");
        exact.put("exactly.once.support", "required");
        exact.put("name", table);
        ConfigValidation validation = cluster.connect().validate(exact);
        assertTrue(validation.isValid(), validation.errors().toString());
    }
}
