package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@WithKafkaConnect
@WithPostgres
class RestartIT {

    @Test
    void afterAStopEverythingPastTheCommittedLsnArrivesAndNothingBeforeItIsSentAgain(KafkaConnectCluster cluster,
                                                                                  PostgresDatabase db) {
        db.execute("CREATE TABLE restart_orders (id int PRIMARY KEY, note text)");
        Pipelines.start(cluster, CdcConfigs.connector(db, "restart", "restart", "public.restart_orders"));
        db.execute("INSERT INTO restart_orders SELECT g, 'first' FROM generate_series(1, 100) g");
        ChangeEvents first = ChangeEvents.of(
                cluster.topics().read("restart.public.restart_orders", 100, Pipelines.TIMEOUT));
        long lastLsnOfFirstBatch = first.value(99).path("source").path("lsn").asLong();
        Poll.until(Pipelines.TIMEOUT, "Connect to commit the offset of the first 100 rows",
                () -> Pipelines.committedOffset(cluster, "restart").path("lsn").asLong() >= lastLsnOfFirstBatch);

        Pipelines.stop(cluster, "restart");
        long committedLsn = Pipelines.committedOffset(cluster, "restart").path("lsn").asLong();
        db.execute("INSERT INTO restart_orders SELECT g, 'while stopped' FROM generate_series(101, 200) g");
        cluster.connect().send("PUT", "connectors/restart/resume", null);
        cluster.connect().awaitRunning("restart", 1, Pipelines.TIMEOUT);
        db.execute("INSERT INTO restart_orders SELECT g, 'after restart' FROM generate_series(201, 250) g");

        List<JsonNode> all = ChangeEvents.of(cluster.topics().read("restart.public.restart_orders", 250,
                Pipelines.TIMEOUT)).values();
        assertEquals(IntStream.rangeClosed(1, 250).boxed().toList(),
                all.stream().map(value -> value.path("after").path("id").asInt()).toList());
        for (JsonNode resent : all.subList(100, 250)) {
            // the committed LSN is where streaming resumes, so the next change may start exactly there
            assertTrue(resent.path("source").path("lsn").asLong() >= committedLsn,
                    "a change before the committed LSN " + committedLsn + " was sent again: " + resent);
        }
        Pipelines.remove(cluster, db, "restart");
    }
}
