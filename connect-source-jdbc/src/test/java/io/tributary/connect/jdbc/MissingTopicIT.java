package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test cluster's brokers do not create topics, as production brokers usually do not. A source posted without
 * topic.creation.default.* runs and its records wait on a topic nobody creates: the connector says so at once,
 * naming the topic and the fix, and once for each topic, not at every poll.
 */
@WithKafkaConnect
@WithPostgres
class MissingTopicIT {

    @Test
    void aConnectorWithoutTopicCreationNamesEachTopicItCannotHaveCreatedOnce(KafkaConnectCluster cluster,
            PostgresDatabase db) {
        String table = Fixture.unique("no_topic");
        String second = table + "_b";
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)", "INSERT INTO " + table + " VALUES (1)");
        Map<String, String> config = Fixture.tableConfig(db, "bulk", table, "nt.");
        config.put("table.include.list", "public\\." + table + "(_b)?");
        config.remove("topic.creation.default.replication.factor");
        config.remove("topic.creation.default.partitions");
        try (CapturedLog log = CapturedLog.ofPlugin()) {
            Fixture.run(cluster, table, config, 1);

            Poll.until(Duration.ofSeconds(10), () -> "a WARN naming nt." + table + "; warnings: " + log.warnings(),
                    () -> !log.warningsWith("[nt." + table + "]", "topic.creation.default.replication.factor",
                            "UNKNOWN_TOPIC_OR_PARTITION").isEmpty());
            // a table created later is a new topic: said for it, and not again for the first one
            db.execute("CREATE TABLE " + second + " (id int PRIMARY KEY)");
            Poll.until(Duration.ofSeconds(30), () -> "a WARN naming nt." + second + "; warnings: " + log.warnings(),
                    () -> !log.warningsWith("[nt." + second + "]", "UNKNOWN_TOPIC_OR_PARTITION").isEmpty());
            assertEquals(2, log.warningsWith("UNKNOWN_TOPIC_OR_PARTITION", "nt." + table).size(),
                    "one warning per topic: " + log.warnings());
        } finally {
            cluster.connect().deleteConnector(table);
        }
    }
}
