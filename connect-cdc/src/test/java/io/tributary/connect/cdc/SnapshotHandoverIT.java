package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@WithKafkaConnect
@WithPostgres
class SnapshotHandoverIT {

    private static final int SNAPSHOT_ROWS = 10_000;
    private static final int CONCURRENT_ROWS = 2_000;
    private static final int MARKER = 99_999;

    @Test
    void rowsWrittenDuringTheSnapshotArriveOnceEachAcrossTheHandoverToStreaming(KafkaConnectCluster cluster,
                                                                              PostgresDatabase db) {
        db.execute("CREATE TABLE handover (id int PRIMARY KEY, note text)",
                "INSERT INTO handover SELECT g, 'before' FROM generate_series(1, " + SNAPSHOT_ROWS + ") g");

        cluster.connect().createConnector("handover",
                CdcConfigs.connector(db, "handover", "handover", "public.handover"));
        // one transaction per row while the connector starts, snapshots and switches to streaming
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int id = SNAPSHOT_ROWS + 1; id <= SNAPSHOT_ROWS + CONCURRENT_ROWS; id++) {
                db.update("INSERT INTO handover VALUES (?, 'during')", id);
            }
        });
        cluster.connect().awaitRunning("handover", 1, Pipelines.TIMEOUT);
        writer.join();
        db.update("INSERT INTO handover VALUES (?, 'marker')", MARKER);

        int expected = SNAPSHOT_ROWS + CONCURRENT_ROWS + 1;
        ChangeEvents events = ChangeEvents.of(cluster.topics().read("handover.public.handover", expected,
                Pipelines.TIMEOUT.multipliedBy(2)));

        // as many distinct rows as records: nothing missing, nothing twice
        Set<Integer> ids = events.values().stream().map(value -> value.path("after").path("id").asInt())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> written = IntStream.rangeClosed(1, SNAPSHOT_ROWS + CONCURRENT_ROWS).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        written.add(MARKER);
        assertEquals(written, ids);
        JsonNode last = events.value(expected - 1);
        assertEquals(MARKER, last.path("after").path("id").asInt());
        long snapshotReads = events.ops().stream().filter("r"::equals).count();
        assertTrue(snapshotReads >= SNAPSHOT_ROWS, "the " + SNAPSHOT_ROWS
                + " existing rows come from the snapshot, got " + snapshotReads + " reads");
        assertEquals(expected, snapshotReads + events.ops().stream().filter("c"::equals).count());
        Pipelines.remove(cluster, db, "handover");
    }
}
