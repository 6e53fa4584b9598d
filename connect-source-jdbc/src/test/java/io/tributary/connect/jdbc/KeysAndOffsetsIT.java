package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Record keys from primary keys, and offsets that resume exactly after a restart. */
@WithKafkaConnect
@WithPostgres
class KeysAndOffsetsIT {

    @Test
    void oneColumnPrimaryKeyBecomesTheBareKey(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("key_one");
        db.execute("CREATE TABLE " + table + " (code text PRIMARY KEY, n int)",
                "INSERT INTO " + table + " VALUES ('x-1', 1)");
        Fixture.run(cluster, table, bulk(db, table), 1);

        Fixture.Row row = Fixture.rows(cluster, "k." + table, 1).get(0);

        assertEquals("\"x-1\"", row.keyPayload().toString());
        assertEquals("string", row.keySchema().get("type").asText());
    }

    @Test
    void compositePrimaryKeyBecomesAStructInKeyOrder(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("key_two");
        db.execute("CREATE TABLE " + table + " (a int, b text, n int, PRIMARY KEY (b, a))",
                "INSERT INTO " + table + " VALUES (7, 'seven', 0)");
        Fixture.run(cluster, table, bulk(db, table), 1);

        Fixture.Row row = Fixture.rows(cluster, "k." + table, 1).get(0);

        assertEquals("{\"b\":\"seven\",\"a\":7}", row.keyPayload().toString());
        assertEquals("struct", row.keySchema().get("type").asText());
    }

    @Test
    void keyModeNoneAndTablesWithoutPrimaryKeyGiveNoKey(KafkaConnectCluster cluster, PostgresDatabase db) {
        String keyed = Fixture.unique("key_none");
        String unkeyed = Fixture.unique("no_pk");
        db.execute("CREATE TABLE " + keyed + " (id int PRIMARY KEY)", "INSERT INTO " + keyed + " VALUES (1)",
                "CREATE TABLE " + unkeyed + " (id int)", "INSERT INTO " + unkeyed + " VALUES (1)");
        Map<String, String> none = bulk(db, keyed);
        none.put("key.mode", "none");
        Fixture.run(cluster, keyed, none, 1);
        Fixture.run(cluster, unkeyed, bulk(db, unkeyed), 1);

        assertNull(Fixture.rows(cluster, "k." + keyed, 1).get(0).key());
        assertNull(Fixture.rows(cluster, "k." + unkeyed, 1).get(0).key());
    }

    @Test
    void restartResumesAfterTheLastEmittedRowWithNoGapAndNoRepeat(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("resume");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL)",
                "INSERT INTO " + table + " SELECT g, '2024-01-01T00:00:00Z'::timestamptz + g * interval '1 microsecond'"
                        + " FROM generate_series(1, 2500) g");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "k.");
        config.put("timestamp.column.name", "ts");
        config.put("incrementing.column.name", "id");
        config.put("batch.max.rows", "100");
        Fixture.run(cluster, table, config, 1);
        values(cluster, "k." + table, 2500);

        cluster.connect().send("POST", "connectors/" + table + "/restart?includeTasks=true", null);
        cluster.connect().awaitRunning(table, 1, Fixture.TIMEOUT);
        db.execute("INSERT INTO " + table
                + " SELECT g, '2024-01-01T00:00:00Z'::timestamptz + g * interval '1 microsecond'"
                + " FROM generate_series(2501, 2600) g");
        db.execute("INSERT INTO " + table + " VALUES (9999, '2024-06-01T00:00:00Z')");

        List<Long> all = ids(values(cluster, "k." + table, 2601), "id");
        assertEquals(2601, all.size());
        assertEquals(9999L, all.get(all.size() - 1));
        assertEquals(2601, all.stream().distinct().count());
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 2600).boxed().toList(), all.subList(0, 2600));
    }

    @Test
    void withATinyBoundOnUnacknowledgedRecordsEveryRowArrivesOnceAndInOrder(KafkaConnectCluster cluster,
                                                                            PostgresDatabase db) {
        String kept = Fixture.unique("gate_kept");
        String dropped = Fixture.unique("gate_dropped");
        for (String table : List.of(kept, dropped)) {
            db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, note text)",
                    "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 3000) g");
        }
        Map<String, String> config = Fixture.baseConfig(db, "incrementing", "k.");
        config.put("table.include.list", "public\\." + kept + ",public\\." + dropped);
        config.put("incrementing.column.name", "id");
        config.put("batch.max.rows", "50");
        config.put("max.unacknowledged.records", "100");
        // the worker drops every record of one table: those count as done too (commitRecord with no metadata)
        config.put("transforms", "drop");
        config.put("transforms.drop.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.drop.predicate", "droppedTable");
        config.put("predicates", "droppedTable");
        config.put("predicates.droppedTable.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        config.put("predicates.droppedTable.pattern", "k\\." + dropped);
        Fixture.run(cluster, kept, config, 1);

        List<Long> ids = ids(values(cluster, "k." + kept, 3000), "id");

        assertEquals(java.util.stream.LongStream.rangeClosed(1, 3000).boxed().toList(), ids);
        assertEquals(3000, cluster.topics().endOffset("k." + kept), "records repeated");
    }

    private static Map<String, String> bulk(PostgresDatabase db, String table) {
        Map<String, String> config = Fixture.tableConfig(db, "bulk", table, "k.");
        config.put("poll.interval.ms", "60000");
        return config;
    }
}
