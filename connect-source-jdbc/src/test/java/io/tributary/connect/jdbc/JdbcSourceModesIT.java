package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each mode on a whole table and on a custom query: first rows, then rows written while it runs. */
@WithKafkaConnect
@WithPostgres
class JdbcSourceModesIT {

    @Test
    void bulkModeCopiesTheWholeTableOnEveryPoll(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("bulk");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)",
                "INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')");
        Map<String, String> config = Fixture.tableConfig(db, "bulk", table, "m.");
        config.put("poll.interval.ms", "60000");
        Fixture.run(cluster, table, config, 1);

        List<JsonNode> first = values(cluster, "m." + table, 2);

        assertEquals(List.of(1L, 2L), ids(first, "id"));
        assertEquals("b", first.get(1).get("name").asText());
    }

    @Test
    void incrementingModeReadsNewRowsByIdOnly(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("inc");
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, name text)",
                "INSERT INTO " + table + " (name) VALUES ('a'), ('b')");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "m.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        values(cluster, "m." + table, 2);

        db.execute("UPDATE " + table + " SET name = 'changed' WHERE id = 1",
                "INSERT INTO " + table + " (name) VALUES ('c')");

        List<JsonNode> all = values(cluster, "m." + table, 3);
        assertEquals(List.of(1L, 2L, 3L), ids(all, "id"));
        assertEquals("c", all.get(2).get("name").asText());
    }

    @Test
    void timestampModeReadsInsertsAndUpdates(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("ts");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text, updated_at timestamptz NOT NULL)",
                "INSERT INTO " + table + " VALUES (1, 'a', '2024-01-01T00:00:01Z'), (2, 'b', '2024-01-01T00:00:02Z')");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp", table, "m.");
        config.put("timestamp.column.name", "updated_at");
        Fixture.run(cluster, table, config, 1);
        values(cluster, "m." + table, 2);

        db.execute("UPDATE " + table + " SET name = 'a2', updated_at = '2024-01-01T00:00:03Z' WHERE id = 1");

        List<JsonNode> all = values(cluster, "m." + table, 3);
        assertEquals(List.of(1L, 2L, 1L), ids(all, "id"));
        assertEquals("a2", all.get(2).get("name").asText());
    }

    @Test
    void timestampIncrementingModeOrdersRowsThatShareATimestampById(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("tsinc");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, updated_at timestamp NOT NULL)",
                "INSERT INTO " + table + " VALUES (3, '2024-01-01 00:00:01'), (1, '2024-01-01 00:00:01'),"
                        + " (2, '2024-01-01 00:00:00')");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "m.");
        config.put("timestamp.column.name", "updated_at");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        values(cluster, "m." + table, 3);

        db.execute("INSERT INTO " + table + " VALUES (4, '2024-01-01 00:00:01')",
                "UPDATE " + table + " SET updated_at = '2024-01-02 00:00:00' WHERE id = 2");

        assertEquals(List.of(2L, 1L, 3L, 4L, 2L), ids(values(cluster, "m." + table, 5), "id"));
    }

    @Test
    void bulkModeRunsACustomQuery(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("qbulk");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, amount int)",
                "INSERT INTO " + table + " VALUES (1, 10), (2, 20), (3, 30)");
        Map<String, String> config = Fixture.baseConfig(db, "bulk", table);
        config.put("query", "SELECT id, amount * 2 AS doubled FROM " + table + " WHERE amount > 10");
        config.put("poll.interval.ms", "60000");
        Fixture.run(cluster, table, config, 1);

        List<JsonNode> rows = values(cluster, table, 2);

        assertEquals(List.of(2L, 3L), rows.stream().map(v -> v.get("id").asLong()).sorted().toList());
        assertEquals(List.of(40L, 60L), rows.stream().map(v -> v.get("doubled").asLong()).sorted().toList());
    }

    @Test
    void incrementingModeRunsACustomQueryWithItsOwnWhereClause(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("qinc");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, kind text)",
                "INSERT INTO " + table + " VALUES (1, 'keep'), (2, 'skip'), (3, 'keep')");
        Map<String, String> config = Fixture.baseConfig(db, "incrementing", table);
        config.put("query", "SELECT id, kind FROM " + table + " WHERE kind = 'keep'");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        values(cluster, table, 2);

        db.execute("INSERT INTO " + table + " VALUES (4, 'skip'), (5, 'keep')");

        assertEquals(List.of(1L, 3L, 5L), ids(values(cluster, table, 3), "id"));
    }

    @Test
    void timestampModeRunsACustomQueryWithCoalescedColumns(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("qts");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, created_at timestamptz NOT NULL,"
                        + " updated_at timestamptz)",
                "INSERT INTO " + table + " VALUES (1, '2024-01-01T00:00:05Z', NULL),"
                        + " (2, '2024-01-01T00:00:01Z', '2024-01-01T00:00:09Z')");
        Map<String, String> config = Fixture.baseConfig(db, "timestamp", table);
        config.put("query", "SELECT id, created_at, updated_at FROM " + table);
        config.put("timestamp.column.name", "updated_at,created_at");
        Fixture.run(cluster, table, config, 1);
        values(cluster, table, 2);

        db.execute("UPDATE " + table + " SET updated_at = '2024-01-01T00:00:10Z' WHERE id = 1");

        assertEquals(List.of(1L, 2L, 1L), ids(values(cluster, table, 3), "id"));
    }

    @Test
    void timestampIncrementingModeRunsACustomQueryWithAJoin(KafkaConnectCluster cluster, PostgresDatabase db) {
        String orders = Fixture.unique("qorders");
        String customers = Fixture.unique("qcustomers");
        db.execute("CREATE TABLE " + customers + " (id int PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE " + orders + " (id int PRIMARY KEY, customer_id int NOT NULL,"
                        + " changed timestamptz NOT NULL)",
                "INSERT INTO " + customers + " VALUES (1, 'Ada'), (2, 'Linus')",
                "INSERT INTO " + orders + " VALUES (10, 1, '2024-01-01T00:00:00Z'), (11, 2, '2024-01-01T00:00:00Z')");
        Map<String, String> config = Fixture.baseConfig(db, "timestamp+incrementing", orders);
        config.put("query", "SELECT o.id, o.changed, c.name FROM " + orders + " o JOIN " + customers
                + " c ON c.id = o.customer_id");
        config.put("timestamp.column.name", "changed");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, orders, config, 1);
        values(cluster, orders, 2);

        db.execute("INSERT INTO " + orders + " VALUES (12, 1, '2024-01-01T00:00:00Z')");

        List<JsonNode> all = values(cluster, orders, 3);
        assertEquals(List.of(10L, 11L, 12L), ids(all, "id"));
        assertEquals(List.of("Ada", "Linus", "Ada"), all.stream().map(v -> v.get("name").asText()).toList());
    }
}
