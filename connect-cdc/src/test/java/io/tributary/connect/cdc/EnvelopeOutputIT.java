package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default output: Debezium's change events, as Debezium's own connector writes them. */
@WithKafkaConnect
@WithPostgres
class EnvelopeOutputIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void insertUpdateAndDeleteArriveAsEnvelopesAndTheDeleteIsFollowedByATombstone(KafkaConnectCluster cluster,
                                                                                 PostgresDatabase db) {
        db.execute("CREATE TABLE env_ops (id int PRIMARY KEY, name text)");
        start(cluster, db, "env-ops", "envops", "public.env_ops");

        db.execute("INSERT INTO env_ops VALUES (1, 'ada')",
                "UPDATE env_ops SET name = 'grace' WHERE id = 1",
                "DELETE FROM env_ops WHERE id = 1");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("envops.public.env_ops", 4, TIMEOUT));
        assertEquals(List.of("c", "u", "d", "tombstone"), events.ops());
        assertEquals(ChangeEvents.parse("{\"id\":1,\"name\":\"ada\"}"), events.value(0).path("after"));
        assertEquals(ChangeEvents.parse("{\"id\":1,\"name\":\"grace\"}"), events.value(1).path("after"));
        // REPLICA IDENTITY DEFAULT: a delete carries the key columns of the old row only
        assertEquals(ChangeEvents.parse("{\"id\":1,\"name\":null}"), events.value(2).path("before"));
        for (int i = 0; i < 4; i++) {
            assertEquals(ChangeEvents.parse("{\"id\":1}"), events.key(i));
        }
        Pipelines.remove(cluster, db, "env-ops");
    }

    @Test
    void primaryKeyChangeArrivesAsDeleteOfTheOldKeyThenCreateOfTheNew(KafkaConnectCluster cluster,
                                                                      PostgresDatabase db) {
        db.execute("CREATE TABLE env_pk (id int PRIMARY KEY, name text)");
        start(cluster, db, "env-pk", "envpk", "public.env_pk");

        db.execute("INSERT INTO env_pk VALUES (1, 'ada')", "UPDATE env_pk SET id = 2 WHERE id = 1");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("envpk.public.env_pk", 4, TIMEOUT));
        assertEquals(List.of("c", "d", "tombstone", "c"), events.ops());
        assertEquals(List.of(1, 1, 1, 2), events.keys().stream().map(key -> key.path("id").asInt()).toList());
        assertEquals(ChangeEvents.parse("{\"id\":2,\"name\":\"ada\"}"), events.value(3).path("after"));
        Pipelines.remove(cluster, db, "env-pk");
    }

    @Test
    void typesArriveExactly(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE env_types (id int PRIMARY KEY, amount numeric(12,3), ratio numeric, "
                + "at timestamptz, local_at timestamp, doc jsonb, tags text[], scores int[], uid uuid, raw bytea)");
        start(cluster, db, "env-types", "envtypes", "public.env_types");

        db.execute("INSERT INTO env_types VALUES (1, 12345.678, 0.1000000000000000055511151231257827, "
                + "'2024-03-01 12:34:56.789+02', '2024-03-01 12:34:56.789', '{\"b\": [1, 2], \"a\": \"x\"}', "
                + "ARRAY['red', 'green'], ARRAY[3, 1, 2], 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\xdeadbeef')");

        JsonNode row = ChangeEvents.of(cluster.topics().read("envtypes.public.env_types", 1, TIMEOUT)).value(0)
                .path("after");
        assertEquals("12345.678", row.path("amount").asText());
        assertEquals("0.1000000000000000055511151231257827", row.path("ratio").asText());
        assertEquals("2024-03-01T10:34:56.789000Z", row.path("at").asText());
        long micros = LocalDateTime.parse("2024-03-01T12:34:56.789").toEpochSecond(ZoneOffset.UTC) * 1_000_000
                + 789_000;
        assertEquals(micros, row.path("local_at").asLong());
        assertEquals("{\"a\": \"x\", \"b\": [1, 2]}", row.path("doc").asText());
        assertEquals(ChangeEvents.parse("[\"red\",\"green\"]"), row.path("tags"));
        assertEquals(ChangeEvents.parse("[3,1,2]"), row.path("scores"));
        assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", row.path("uid").asText());
        assertEquals("3q2+7w==", row.path("raw").asText());
        Pipelines.remove(cluster, db, "env-types");
    }

    @Test
    void truncateWritesNoRecordToTheCompactedChangeTopicAndStreamingGoesOn(KafkaConnectCluster cluster,
                                                                          PostgresDatabase db) {
        db.execute("CREATE TABLE env_trunc (id int PRIMARY KEY)");
        start(cluster, db, "env-trunc", "envtrunc", "public.env_trunc");

        db.execute("INSERT INTO env_trunc VALUES (1)", "TRUNCATE env_trunc", "INSERT INTO env_trunc VALUES (2)");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("envtrunc.public.env_trunc", 2, TIMEOUT));
        assertEquals(List.of("c", "c"), events.ops());
        assertEquals(List.of(1, 2), events.keys().stream().map(key -> key.path("id").asInt()).toList());
        Pipelines.remove(cluster, db, "env-trunc");
    }

    @Test
    void unchangedToastedValueOfAnUpdateArrivesAsDebeziumsPlaceholder(KafkaConnectCluster cluster,
                                                                      PostgresDatabase db) {
        db.execute("CREATE TABLE env_toast (id int PRIMARY KEY, status text, body text)",
                // out-of-line storage without compression: every long value is TOASTed
                "ALTER TABLE env_toast ALTER COLUMN body SET STORAGE EXTERNAL");
        start(cluster, db, "env-toast", "envtoast", "public.env_toast");

        db.execute("INSERT INTO env_toast VALUES (1, 'new', repeat('x', 10000))",
                "UPDATE env_toast SET status = 'paid' WHERE id = 1");

        ChangeEvents events = ChangeEvents.of(cluster.topics().read("envtoast.public.env_toast", 2, TIMEOUT));
        assertEquals("x".repeat(10000), events.value(0).path("after").path("body").asText());
        assertEquals("paid", events.value(1).path("after").path("status").asText());
        assertEquals("__debezium_unavailable_value", events.value(1).path("after").path("body").asText());
        Pipelines.remove(cluster, db, "env-toast");
    }

    @Test
    void changeTopicIsCreatedCompacted(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE env_topic (id int PRIMARY KEY)");
        start(cluster, db, "env-topic", "envtopic", "public.env_topic");

        db.execute("INSERT INTO env_topic VALUES (1)");

        cluster.topics().read("envtopic.public.env_topic", 1, TIMEOUT);
        assertTrue(cluster.topics().names().contains("__debezium-heartbeat.envtopic"), "heartbeat topic exists");
        assertEquals("compact", TopicConfigs.cleanupPolicy(cluster, "envtopic.public.env_topic"));
        Pipelines.remove(cluster, db, "env-topic");
    }

    private static void start(KafkaConnectCluster cluster, PostgresDatabase db, String name, String prefix,
                              String tables) {
        Pipelines.start(cluster, CdcConfigs.connector(db, name, prefix, tables));
    }
}
