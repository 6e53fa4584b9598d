package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tables spread over tasks, found while running, and named in any way SQL allows. */
@WithKafkaConnect
@WithPostgres
class TablesIT {

    @Test
    void tablesAreSpreadOverTasksAndEachIsReadOnce(KafkaConnectCluster cluster, PostgresDatabase db) {
        String schema = Fixture.unique("multi");
        db.execute("CREATE SCHEMA " + schema);
        for (String table : List.of("a", "b", "c")) {
            db.execute("CREATE TABLE " + schema + "." + table + " (id int PRIMARY KEY)",
                    "INSERT INTO " + schema + "." + table + " SELECT generate_series(1, 50)");
        }
        Map<String, String> config = Fixture.baseConfig(db, "incrementing", schema + ".");
        config.put("schema.pattern", schema);
        config.put("incrementing.column.name", "id");
        config.put("tasks.max", "2");

        Fixture.run(cluster, schema, config, 2);

        ConnectorStatus status = cluster.connect().status(schema);
        assertEquals(2, status.tasks().size());
        for (String table : List.of("a", "b", "c")) {
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList(),
                    ids(values(cluster, schema + "." + table, 50), "id"));
        }
    }

    @Test
    void tableCreatedWhileRunningIsDiscovered(KafkaConnectCluster cluster, PostgresDatabase db) {
        String schema = Fixture.unique("found");
        db.execute("CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".first (id int PRIMARY KEY)",
                "INSERT INTO " + schema + ".first VALUES (1)");
        Map<String, String> config = Fixture.baseConfig(db, "incrementing", schema + ".");
        config.put("schema.pattern", schema);
        config.put("incrementing.column.name", "id");
        config.put("table.poll.interval.ms", "500");
        Fixture.run(cluster, schema, config, 1);
        values(cluster, schema + ".first", 1);

        db.execute("CREATE TABLE " + schema + ".second (id int PRIMARY KEY)",
                "INSERT INTO " + schema + ".second VALUES (7)");

        assertEquals(List.of(7L), ids(values(cluster, schema + ".second", 1), "id"));
    }

    @Test
    void identifiersWithCapitalsSpacesAndQuotesAreQuoted(KafkaConnectCluster cluster, PostgresDatabase db) {
        String schema = Fixture.unique("quoted");
        db.execute("CREATE SCHEMA " + schema,
                "CREATE TABLE " + schema + ".\"Order \"\"Lines\"\"\" (\"Line Id\" int PRIMARY KEY,"
                        + " \"Changed At\" timestamptz NOT NULL)",
                "INSERT INTO " + schema + ".\"Order \"\"Lines\"\"\" VALUES (1, '2024-01-01T00:00:00Z'),"
                        + " (2, '2024-01-01T00:00:01Z')");
        Map<String, String> config = Fixture.baseConfig(db, "timestamp+incrementing", "q-");
        config.put("table.include.list", schema + "\\.Order \"Lines\"");
        config.put("incrementing.column.name", "Line Id");
        config.put("timestamp.column.name", "Changed At");
        Fixture.run(cluster, schema, config, 1);

        // Kafka allows only [a-zA-Z0-9._-] in topic names: the rest becomes _
        List<Fixture.Row> rows = Fixture.rows(cluster, "q-Order__Lines_", 2);

        assertEquals(List.of(1L, 2L), ids(rows.stream().map(Fixture.Row::value).toList(), "Line Id"));
        assertEquals("1", rows.get(0).keyPayload().toString());
    }
}
