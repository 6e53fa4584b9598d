package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.FaultProxy;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database does not answer when the connector starts (issue 16 item 6), as after a worker restart during a
 * database outage: the connector reaches PostgreSQL through a {@link FaultProxy} that black-holes every
 * connection. It must not fail, and must stream once the database answers. And secrets given through a
 * config provider stay references in the task configs Connect stores and shows.
 */
@WithKafkaConnect
@WithPostgres
class DatabaseOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageIT.class);
    /** Set by the build for the test JVM, whose embedded workers resolve it through their env config provider. */
    private static final String SECRET_VARIABLE = "TRIBUTARY_CDC_TEST_SECRET";
    /** Several login timeouts and retries: long enough for the old code to have failed. */
    private static final long OUTAGE_MS = 12_000;

    @Test
    void aConnectorStartedWhileTheDatabaseDoesNotAnswerWaitsAndStreamsOnceItDoes(KafkaConnectCluster cluster,
                                                                                 PostgresDatabase db)
            throws InterruptedException {
        db.execute("CREATE TABLE outage_orders (id int PRIMARY KEY)");
        try (FaultProxy proxy = FaultProxy.to(db.host(), db.port())) {
            Map<String, String> config = CdcConfigs.connector(db, "outage", "outage", "public.outage_orders");
            config.put("database.hostname", proxy.host());
            config.put("database.port", Integer.toString(proxy.port()));
            config.put("database.login.timeout.ms", "2000");
            config.put("database.socket.timeout.ms", "2000");
            config.put("database.start.retry.backoff.max.ms", "2000");
            Pipelines.start(cluster, config);
            db.execute("INSERT INTO outage_orders VALUES (1)");
            cluster.topics().read("outage.public.outage_orders", 1, Pipelines.TIMEOUT);
            Pipelines.stop(cluster, "outage");

            proxy.blackHole(); // the server takes connections and never answers, as a host that is down behind a NAT
            db.execute("INSERT INTO outage_orders VALUES (2)");
            cluster.connect().send("PUT", "connectors/outage/resume", null);
            long deadline = System.nanoTime() + OUTAGE_MS * 1_000_000;
            while (System.nanoTime() < deadline) {
                ConnectorStatus status = cluster.connect().status("outage");
                assertNotEquals("FAILED", status.state(), "the connector failed while the database did not answer: "
                        + status);
                assertTrue(status.tasks().stream().noneMatch(task -> "FAILED".equals(task.state())),
                        "the task failed while the database did not answer: " + status);
                Thread.sleep(500);
            }
            assertTrue(proxy.connectionsAccepted() > 3, "the connector and its task kept trying: "
                    + proxy.connectionsAccepted() + " connection(s)");
            proxy.pass();
            long healedAt = System.nanoTime();

            cluster.connect().awaitRunning("outage", 1, Pipelines.TIMEOUT);
            List<String> ids = ChangeEvents.of(cluster.topics().read("outage.public.outage_orders", 2,
                    Pipelines.TIMEOUT)).values().stream()
                    .map(value -> value.path("after").path("id").asText()).toList();
            LOG.info("DatabaseOutageIT: the change made during the outage arrived {} s after the heal",
                    String.format("%.1f", (System.nanoTime() - healedAt) / 1e9));
            assertEquals(List.of("1", "2"), ids);
            Pipelines.remove(cluster, db, "outage");
        }
    }

    @Test
    void secretsFromAConfigProviderStayReferencesInTheTaskConfigsConnectStoresAndShows(KafkaConnectCluster cluster,
                                                                                       PostgresDatabase db) {
        String secret = System.getenv(SECRET_VARIABLE);
        assertTrue(secret != null && !secret.isBlank(), SECRET_VARIABLE + " must be set by the build");
        db.execute("CREATE TABLE secret_orders (id int PRIMARY KEY)");
        Map<String, String> config = CdcConfigs.connector(db, "secrets", "secrets", "public.secret_orders");
        // the superuser logs in on loopback whatever the password, so the provider's value may stand in for it
        config.put("database.password", "${env:" + SECRET_VARIABLE + "}");
        // a pass-through key that holds a secret: the SASL login of Debezium's Kafka signal channel
        config.put("debezium.signal.consumer.sasl.jaas.config", "${env:" + SECRET_VARIABLE + "}");
        Pipelines.start(cluster, config);
        db.execute("INSERT INTO secret_orders VALUES (1)");
        cluster.topics().read("secrets.public.secret_orders", 1, Pipelines.TIMEOUT); // the task streams

        String tasks = cluster.connect().send("GET", "connectors/secrets/tasks", null).toString();

        assertFalse(tasks.contains(secret), "GET /connectors/secrets/tasks shows the resolved secret: " + tasks);
        assertTrue(tasks.contains("${env:" + SECRET_VARIABLE + "}"), tasks);
        Pipelines.remove(cluster, db, "secrets");
    }
}
