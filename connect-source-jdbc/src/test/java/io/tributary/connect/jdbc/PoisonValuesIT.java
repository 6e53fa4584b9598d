package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Values PostgreSQL stores that Java or Connect cannot hold as such: NaN and ±Infinity in numeric and float
 * columns, ±infinity in date and timestamp columns. Each has a documented mapping (docs/jdbc-source.md, "Special
 * values"); none fails the task on every restart, none becomes a wrong ordinary value.
 */
@WithKafkaConnect
@WithPostgres
class PoisonValuesIT {

    @Test
    void specialNumericValuesArriveWhereTheirTypeCanCarryThemAndAsNullInANullableDecimal(KafkaConnectCluster cluster,
                                                                                         PostgresDatabase db) {
        String table = Fixture.unique("nan");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, amount numeric(10,2), free numeric,"
                        + " ratio double precision, weight real, samples numeric[])",
                "INSERT INTO " + table + " VALUES (1, 'NaN', 'NaN', 'NaN', 'NaN', '{NaN,1.50,NULL}'),"
                        + " (2, 2.50, 'Infinity', 'Infinity', '-Infinity', '{-Infinity}'),"
                        + " (3, 3.75, '-Infinity', '-Infinity', 'Infinity', '{2}')");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "p.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);

        List<JsonNode> values = valuesWhileRunning(cluster, table, "p." + table, 3);

        assertTrue(values.get(0).get("amount").isNull(), "NaN in a nullable Decimal is null: " + values.get(0));
        assertEquals(new BigDecimal("2.50"), decimal(values.get(1).get("amount"), 2));
        assertEquals(List.of("NaN", "Infinity", "-Infinity"), texts(values, "free"));
        assertEquals(List.of("NaN", "Infinity", "-Infinity"), texts(values, "ratio"));
        assertEquals(List.of("NaN", "-Infinity", "Infinity"), texts(values, "weight"));
        assertEquals("[\"NaN\",\"1.50\",null]", values.get(0).get("samples").toString());
        assertEquals("[\"-Infinity\"]", values.get(1).get("samples").toString());

        db.execute("INSERT INTO " + table + " (id, amount) VALUES (4, 4)");
        assertEquals(4, valuesWhileRunning(cluster, table, "p." + table, 4).get(3).get("id").asInt());
    }

    @Test
    void nanInANumericReadAsAnIntegerIsNullToo(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("nan_int");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, quantity numeric(9,0))",
                "INSERT INTO " + table + " VALUES (1, 'NaN'), (2, 7)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "p.");
        config.put("incrementing.column.name", "id");
        config.put("numeric.mapping", "precision_only");
        Fixture.run(cluster, table, config, 1);

        List<JsonNode> values = valuesWhileRunning(cluster, table, "p." + table, 2);

        assertTrue(values.get(0).get("quantity").isNull(), values.get(0).toString());
        assertEquals(7, values.get(1).get("quantity").asInt());
    }

    @Test
    void nanInANotNullDecimalFailsTheTaskNamingTheColumnAndTheWaysOut(KafkaConnectCluster cluster,
                                                                      PostgresDatabase db) {
        String table = Fixture.unique("nan_required");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, amount numeric(10,2) NOT NULL)",
                "INSERT INTO " + table + " VALUES (1, 'NaN')");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "p.");
        config.put("incrementing.column.name", "id");
        cluster.connect().createConnector(table, config);

        String trace = cluster.connect().awaitFailed(table, Fixture.TIMEOUT).traces();

        assertTrue(trace.contains("Column 'amount' of table public." + table + " holds NaN, which Connect's Decimal "
                + "cannot carry, and it is NOT NULL, so its field cannot be null either"), trace);
        assertTrue(trace.contains("numeric.mapping=best_fit"), trace);
    }

    @Test
    void numericSpecialValuesFailStopsAtTheFirstOneInsteadOfWritingNull(KafkaConnectCluster cluster,
                                                                        PostgresDatabase db) {
        String table = Fixture.unique("nan_fail");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, amount numeric(10,2))",
                "INSERT INTO " + table + " VALUES (1, 1), (2, 'NaN')");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "p.");
        config.put("incrementing.column.name", "id");
        config.put("numeric.special.values", "fail");
        cluster.connect().createConnector(table, config);

        String trace = cluster.connect().awaitFailed(table, Fixture.TIMEOUT).traces();

        assertTrue(trace.contains("Column 'amount' of table public." + table + " holds NaN, which Connect's Decimal "
                + "cannot carry (numeric.special.values=fail)"), trace);
    }

    @Test
    void infiniteDatesAndTimestampsBecomeTheExtremesOfTheirConnectTypes(KafkaConnectCluster cluster,
                                                                        PostgresDatabase db) {
        String table = Fixture.unique("infinity");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, day date, at timestamp, at_zone timestamptz,"
                        + " days date[])",
                "INSERT INTO " + table + " VALUES (1, 'infinity', 'infinity', 'infinity', '{infinity,2024-02-29}'),"
                        + " (2, '-infinity', '-infinity', '-infinity', '{-infinity,0044-03-15 BC}'),"
                        + " (3, '2024-02-29', '2024-02-29 10:00', '2024-02-29 10:00Z', NULL)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "p.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);

        List<JsonNode> values = valuesWhileRunning(cluster, table, "p." + table, 3);

        assertEquals(Integer.MAX_VALUE, values.get(0).get("day").asInt()); // days since 1970-01-01
        assertEquals(Long.MAX_VALUE, values.get(0).get("at").asLong());
        assertEquals(Long.MAX_VALUE, values.get(0).get("at_zone").asLong());
        assertEquals("[\"infinity\",\"2024-02-29\"]", values.get(0).get("days").toString());
        assertEquals(Integer.MIN_VALUE, values.get(1).get("day").asInt());
        assertEquals(Long.MIN_VALUE, values.get(1).get("at").asLong());
        assertEquals(Long.MIN_VALUE, values.get(1).get("at_zone").asLong());
        assertEquals("[\"-infinity\",\"0044-03-15 BC\"]", values.get(1).get("days").toString());
        assertEquals(19782, values.get(2).get("day").asInt());
        assertEquals(1709200800000L, values.get(2).get("at").asLong());
        assertEquals(1709200800000L, values.get(2).get("at_zone").asLong());
    }

    @Test
    void anInfiniteDateIsNotAWrongOrdinaryDate(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("infinite_day");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, day date)",
                "INSERT INTO " + table + " VALUES (1, 'infinity'), (2, '5874897-12-31')");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "p.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);

        List<JsonNode> values = valuesWhileRunning(cluster, table, "p." + table, 2);

        assertEquals(Integer.MAX_VALUE, values.get(0).get("day").asInt(), "infinity: " + values.get(0));
        // PostgreSQL's latest finite date stays exact, below the value that stands for infinity
        assertEquals(2_145_042_905, values.get(1).get("day").asInt());
    }

    /**
     * 'infinity' in the tracked column never comes before the database's clock, so (like any row dated in the
     * future) the row waits and the rows after it flow; '-infinity' sorts first and is stored as the smallest
     * offset, which reads back as -infinity after a restart.
     */
    @Test
    void infinityInTheTrackedTimestampColumnNeitherBreaksNorBlocksTheOffsets(KafkaConnectCluster cluster,
                                                                            PostgresDatabase db) {
        String table = Fixture.unique("tracked_infinity");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL)",
                "INSERT INTO " + table + " VALUES (1, '-infinity'), (2, '-infinity'), (3, 'infinity')");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "p.");
        config.put("incrementing.column.name", "id");
        config.put("timestamp.column.name", "ts");
        Fixture.run(cluster, table, config, 1);

        assertEquals(List.of(1L, 2L), Fixture.ids(valuesWhileRunning(cluster, table, "p." + table, 2), "id"));
        Poll.until(Fixture.TIMEOUT, "the offset of row 2 to be committed", () -> {
            JsonNode offsets = cluster.connect().send("GET", "connectors/" + table + "/offsets", null);
            JsonNode offset = offsets.path("offsets").path(0).path("offset");
            return offset.path("incrementing").asLong() == 2 && offset.path("timestamp").asLong() == Long.MIN_VALUE;
        });

        cluster.connect().send("POST", "connectors/" + table + "/restart?includeTasks=true", null);
        cluster.connect().awaitRunning(table, 1, Fixture.TIMEOUT);
        db.execute("INSERT INTO " + table + " VALUES (4, now() - interval '1 hour'), (5, '-infinity')");
        db.execute("INSERT INTO " + table + " VALUES (6, now() - interval '1 minute')");

        List<JsonNode> values = valuesWhileRunning(cluster, table, "p." + table, 5);
        assertEquals(List.of(1L, 2L, 5L, 4L, 6L), Fixture.ids(values, "id"));
        assertEquals(5, cluster.topics().endOffset("p." + table), "row 3 waits for its timestamp; nothing repeats");
        assertEquals(Long.MIN_VALUE, values.get(2).get("ts").asLong());
    }

    /** The first {@code count} record values, failing at once with the task's trace when it fails meanwhile. */
    private static List<JsonNode> valuesWhileRunning(KafkaConnectCluster cluster, String connector, String topic,
                                                     int count) {
        ConnectorStatus[] failed = new ConnectorStatus[1];
        Poll.until(Fixture.TIMEOUT, () -> count + " records in " + topic, () -> {
            ConnectorStatus status = cluster.connect().status(connector);
            if (status.anyFailed()) {
                failed[0] = status;
                return true;
            }
            return cluster.topics().names().contains(topic) && cluster.topics().endOffset(topic) >= count;
        });
        if (failed[0] != null) {
            throw new AssertionError("connector " + connector + " FAILED:\n" + failed[0].traces());
        }
        return Fixture.values(cluster, topic, count);
    }

    private static List<String> texts(List<JsonNode> values, String field) {
        return values.stream().map(value -> value.get(field).asText()).toList();
    }

    /** JsonConverter writes a Decimal as the base64 of its unscaled two's-complement bytes. */
    private static BigDecimal decimal(JsonNode node, int scale) {
        return new BigDecimal(new BigInteger(Base64.getDecoder().decode(node.asText())), scale);
    }
}
