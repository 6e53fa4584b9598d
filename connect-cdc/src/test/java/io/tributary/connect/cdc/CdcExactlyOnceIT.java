package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The connector on a worker with exactly-once source support: it passes Debezium's support through, so a
 * connector that requires exactly-once validates and runs, its changes are written in transactions, and a restart
 * of its task neither repeats nor skips a change for a read_committed consumer.
 */
@WithKafkaConnect(workerProperties = "exactly.once.source.support=enabled")
@WithPostgres
class CdcExactlyOnceIT {

    @Test
    void requiredExactlyOnceRunsInTransactionsAndARestartRepeatsNoChange(KafkaConnectCluster cluster,
                                                                        PostgresDatabase db) {
        db.execute("CREATE TABLE eos_orders (id int PRIMARY KEY, note text)");
        Map<String, String> config = CdcConfigs.connector(db, "cdc-eos", "cdceos", "public.eos_orders");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "poll");
        Map<String, String> named = new HashMap<>(config);
        named.put("name", "cdc-eos");
        ConfigValidation validation = cluster.connect().validate(named);
        assertTrue(validation.isValid(), "exactly.once.support=required must validate: " + validation.errors());

        Pipelines.start(cluster, config);
        for (int first = 1; first <= 300; first += 50) {
            db.execute("INSERT INTO eos_orders SELECT g, 'before' FROM generate_series(" + first + ", "
                    + (first + 49) + ") g");
        }
        String topic = "cdceos.public.eos_orders";
        assertEquals(IntStream.rangeClosed(1, 300).boxed().toList(), ids(cluster, topic, 300));

        cluster.connect().send("POST", "connectors/cdc-eos/restart?includeTasks=true", null);
        cluster.connect().awaitRunning("cdc-eos", 1, Pipelines.TIMEOUT);
        db.execute("INSERT INTO eos_orders SELECT g, 'after' FROM generate_series(301, 450) g");
        // a last change after the others: a change sent twice anywhere before it would push it out of place
        db.execute("INSERT INTO eos_orders VALUES (451, 'last')");

        assertEquals(IntStream.rangeClosed(1, 451).boxed().toList(), ids(cluster, topic, 451));
        long endOffset = cluster.topics().endOffset(topic);
        assertTrue(endOffset > 451, "end offset " + endOffset + ": the changes were not written in transactions");
        Pipelines.remove(cluster, db, "cdc-eos");
    }

    /** The ids of the first {@code count} changes a read_committed consumer reads, in topic order. */
    private static List<Integer> ids(KafkaConnectCluster cluster, String topic, int count) {
        return ChangeEvents.of(cluster.topics().read(topic, count, Pipelines.TIMEOUT)).values().stream()
                .map(value -> value.path("after").path("id").asInt()).toList();
    }
}
