package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** output=row: what a table looks like after each change, a tombstone for a delete. */
@WithKafkaConnect
@WithPostgres
class RowOutputIT {

    @Test
    void insertUpdateAndDeleteArriveAsRowsAndOneTombstone(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE row_ops (id int PRIMARY KEY, name text)");
        start(cluster, db, "row-ops", "rowops", "public.row_ops");

        db.execute("INSERT INTO row_ops VALUES (1, 'ada')",
                "UPDATE row_ops SET name = 'grace' WHERE id = 1",
                "DELETE FROM row_ops WHERE id = 1",
                "INSERT INTO row_ops VALUES (2, 'marker')");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("rowops.public.row_ops", 4, Pipelines.TIMEOUT));
        assertEquals(Arrays.asList(
                ChangeEvents.parse("{\"id\":1,\"name\":\"ada\"}"),
                ChangeEvents.parse("{\"id\":1,\"name\":\"grace\"}"),
                ChangeEvents.parse("null"),
                ChangeEvents.parse("{\"id\":2,\"name\":\"marker\"}")), events.values());
        assertEquals(List.of(1, 1, 1, 2), events.keys().stream().map(key -> key.path("id").asInt()).toList());
        Pipelines.remove(cluster, db, "row-ops");
    }

    @Test
    void primaryKeyChangeArrivesAsTombstoneOfTheOldKeyThenRowOfTheNew(KafkaConnectCluster cluster,
                                                                      PostgresDatabase db) {
        db.execute("CREATE TABLE row_pk (id int PRIMARY KEY, name text)");
        start(cluster, db, "row-pk", "rowpk", "public.row_pk");

        db.execute("INSERT INTO row_pk VALUES (1, 'ada')", "UPDATE row_pk SET id = 2 WHERE id = 1");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("rowpk.public.row_pk", 3, Pipelines.TIMEOUT));
        assertEquals(List.of(1, 1, 2), events.keys().stream().map(key -> key.path("id").asInt()).toList());
        assertEquals(Arrays.asList(
                ChangeEvents.parse("{\"id\":1,\"name\":\"ada\"}"),
                ChangeEvents.parse("null"),
                ChangeEvents.parse("{\"id\":2,\"name\":\"ada\"}")), events.values());
        Pipelines.remove(cluster, db, "row-pk");
    }

    @Test
    void unchangedToastedValueIsLeftOutOfTheRowSoAnUpsertKeepsIt(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE row_toast (id int PRIMARY KEY, status text, body text)",
                "ALTER TABLE row_toast ALTER COLUMN body SET STORAGE EXTERNAL");
        start(cluster, db, "row-toast", "rowtoast", "public.row_toast");

        db.execute("INSERT INTO row_toast VALUES (1, 'new', repeat('x', 10000))",
                "UPDATE row_toast SET status = 'paid' WHERE id = 1");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("rowtoast.public.row_toast", 2, Pipelines.TIMEOUT));
        assertEquals(ChangeEvents.parse("{\"id\":1,\"status\":\"new\",\"body\":\"" + "x".repeat(10000) + "\"}"),
                events.value(0));
        assertEquals(ChangeEvents.parse("{\"id\":1,\"status\":\"paid\"}"), events.value(1));
        Pipelines.remove(cluster, db, "row-toast");
    }

    @Test
    void truncateWritesNoRowAndStreamingGoesOn(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE row_trunc (id int PRIMARY KEY)");
        start(cluster, db, "row-trunc", "rowtrunc", "public.row_trunc");

        db.execute("INSERT INTO row_trunc VALUES (1)", "TRUNCATE row_trunc", "INSERT INTO row_trunc VALUES (2)");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("rowtrunc.public.row_trunc", 2, Pipelines.TIMEOUT));
        assertEquals(List.of(ChangeEvents.parse("{\"id\":1}"), ChangeEvents.parse("{\"id\":2}")), events.values());
        Pipelines.remove(cluster, db, "row-trunc");
    }

    private static void start(KafkaConnectCluster cluster, PostgresDatabase db, String name, String prefix,
                              String tables) {
        Map<String, String> config = CdcConfigs.connector(db, name, prefix, tables);
        config.put("output", "row");
        Pipelines.start(cluster, config);
    }
}
