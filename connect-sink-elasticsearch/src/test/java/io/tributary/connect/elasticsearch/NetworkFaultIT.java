package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.FaultProxy;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network between the sink and Elasticsearch fails (issue item 8): the sink reaches the cluster through a
 * {@link FaultProxy} that black-holes, resets or slows its connections. Every record must be indexed, written
 * more than once at most as at-least-once allows (counted from the documents' versions: each write of an id
 * adds one), and the task must be RUNNING afterwards. Each test logs how long recovery took.
 */
@WithKafkaConnect
@WithElasticsearch(major = 8)
class NetworkFaultIT extends SinkTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkFaultIT.class);
    private static final int READ_TIMEOUT_MS = 3_000;
    /** Read timeouts and backoffs: far longer than recovery may take. */
    private static final Duration RECOVERY = Duration.ofSeconds(40);

    private FaultProxy proxy;

    @Override
    int major() {
        return 8;
    }

    @BeforeEach
    void startProxy(ElasticsearchServer es) {
        proxy = FaultProxy.to(es.httpUrl().getHost(), es.httpUrl().getPort());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void connectionsSilencedForGoodAreDroppedAfterTheReadTimeoutAndReopened(KafkaConnectCluster cluster,
                                                                            ElasticsearchServer es) {
        String topic = fresh("net-silenced");
        String name = startSink(cluster, es, topic);
        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            send(producer, topic, 1, 50);
            awaitCount(es, topic, 50);

            proxy.blackHoleExisting(); // a NAT forgot the pooled connections, or a node failed over: no RST
            long faultAt = System.nanoTime();
            send(producer, topic, 51, 100);

            long lastAt = awaitDocuments(es, topic, 100);
            report("black-hole existing", "from the fault", faultAt, lastAt, es, topic, 100);
            assertRunning(cluster, name);
        }
    }

    @Test
    void aBlackHoleThatHealsIsAnOutageRetriedUntilTheClusterAnswers(KafkaConnectCluster cluster,
                                                                   ElasticsearchServer es)
            throws InterruptedException {
        String topic = fresh("net-hole");
        String name = startSink(cluster, es, topic);
        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            send(producer, topic, 1, 50);
            awaitCount(es, topic, 50);

            proxy.blackHole(); // nothing gets through, not even new connections
            send(producer, topic, 51, 100);
            // long enough for max.retries read timeouts and a probe without an answer: an outage
            Thread.sleep(5 * READ_TIMEOUT_MS);
            assertEquals(50, es.indices().count(topic), "nothing passes the black hole");
            assertRunning(cluster, name);
            double timeouts = taskMetric(name, "write-retry-total", "cause", "timeout");
            double unreachable = taskMetric(name, "write-retry-total", "cause", "unreachable");
            LOG.info("NetworkFaultIT elasticsearch black hole after {} ms: writes retried after a timeout {}, as "
                    + "unreachable {}; outage-time-ms {}", 5 * READ_TIMEOUT_MS, timeouts, unreachable,
                    taskMetric(name, "outage-time-ms"));
            assertTrue(timeouts >= 1, "bulks without an answer within read.timeout.ms count as timeouts");
            proxy.pass();
            long healedAt = System.nanoTime();

            long lastAt = awaitDocuments(es, topic, 100);
            report("black-hole then heal", "from the heal", healedAt, lastAt, es, topic, 100);
            assertRunning(cluster, name);
            assertTrue(taskMetric(name, "document-write-total") >= 100, "acknowledged writes, repeats included");
            assertEquals(0.0, taskMetric(name, "outage-time-ms"), "Elasticsearch answers again");
        }
    }

    @Test
    void resetConnectionsAreRetriedAndReopened(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("net-reset");
        String name = startSink(cluster, es, topic);
        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            send(producer, topic, 1, 50);
            awaitCount(es, topic, 50);

            proxy.reset();
            long resetAt = System.nanoTime();
            send(producer, topic, 51, 100);

            long lastAt = awaitDocuments(es, topic, 100);
            report("reset", "from the reset", resetAt, lastAt, es, topic, 100);
            assertRunning(cluster, name);
        }
    }

    @Test
    void aSlowLinkDelaysWritesAndOneSlowerThanTheReadTimeoutRepeatsThemButLosesNone(KafkaConnectCluster cluster,
                                                                                   ElasticsearchServer es)
            throws InterruptedException {
        String topic = fresh("net-slow");
        String name = startSink(cluster, es, topic);
        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            send(producer, topic, 1, 50);
            awaitCount(es, topic, 50);

            proxy.delay(Duration.ofMillis(READ_TIMEOUT_MS / 6)); // a round trip takes a third of the read timeout
            long slowFrom = System.nanoTime();
            send(producer, topic, 51, 100);
            long lastAt = awaitDocuments(es, topic, 100);
            report("slow link (" + READ_TIMEOUT_MS / 6 + " ms each way)", "from the first send", slowFrom, lastAt, es,
                    topic, 100);
            assertEquals(0, duplicates(es, topic), "a round trip within the read timeout is written once");

            // each answer now comes after the read timeout: every bulk lands and is retried, and so lands again
            proxy.delay(Duration.ofMillis(READ_TIMEOUT_MS * 2 / 3));
            send(producer, topic, 101, 150);
            Thread.sleep(3 * READ_TIMEOUT_MS);
            assertRunning(cluster, name);
            proxy.pass();
            long healedAt = System.nanoTime();
            lastAt = awaitDocuments(es, topic, 150);
            report("slower than the read timeout (" + READ_TIMEOUT_MS * 2 / 3 + " ms each way), then pass",
                    "from the heal", healedAt, lastAt, es, topic, 150);
            assertRunning(cluster, name);
        }
    }

    private String startSink(KafkaConnectCluster cluster, ElasticsearchServer es, String topic) {
        cluster.topics().create(topic, 1);
        try {
            // created now: creating it with the first bulk can take longer than the short read timeout here
            es.indices().client().indices().create(c -> c.index(topic).settings(s -> s.numberOfReplicas("0")));
        } catch (IOException e) {
            throw new AssertionError("cannot create index " + topic, e);
        }
        Map<String, String> config = sinkConfig(topic, es);
        config.put("connection.url", "http://" + proxy.host() + ":" + proxy.port());
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("read.timeout.ms", Integer.toString(READ_TIMEOUT_MS));
        config.put("connection.timeout.ms", Integer.toString(READ_TIMEOUT_MS));
        config.put("max.retries", "2");
        config.put("retry.backoff.ms", "100");
        config.put("retry.backoff.max.ms", "1000");
        return start(cluster, topic, config);
    }

    private static void send(RecordProducer producer, String topic, int from, int to) {
        for (int n = from; n <= to; n++) {
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-" + n, "{\"n\":" + n + "}");
        }
    }

    /** Waits until the index holds {@code count} documents; returns the nanoTime at which it did. */
    private static long awaitDocuments(ElasticsearchServer es, String index, long count) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = es.indices().count(index);
            if (last == count) {
                return System.nanoTime();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + RECOVERY.toMillis() + " ms waiting for " + count
                + " documents in " + index + "; it holds " + last);
    }

    /** Writes beyond the first of each document: every index operation on an id raises its version by one. */
    @SuppressWarnings("rawtypes")
    private static long duplicates(ElasticsearchServer es, String index) {
        try {
            es.indices().refresh(index);
            SearchResponse<Map> response = es.indices().client().search(s -> s.index(index).size(10_000)
                    .version(true), Map.class);
            long repeats = 0;
            for (Hit<Map> hit : response.hits().hits()) {
                repeats += hit.version() - 1;
            }
            return repeats;
        } catch (IOException e) {
            throw new AssertionError("cannot read the versions of " + index, e);
        }
    }

    private void report(String scenario, String from, long startNanos, long lastNanos, ElasticsearchServer es,
                        String index, int documents) {
        for (int n = 1; n <= documents; n++) {
            assertEquals(Map.of("n", n), es.indices().get(index, "k-" + n).orElseThrow(), "document k-" + n);
        }
        LOG.info("NetworkFaultIT elasticsearch {}: recovered in {} s {} to the last of {} documents; {} repeated "
                        + "write(s); {} connection(s) through the proxy", scenario,
                String.format("%.1f", (lastNanos - startNanos) / 1e9), from, documents, duplicates(es, index),
                proxy.connectionsAccepted());
    }

    private static void assertRunning(KafkaConnectCluster cluster, String name) {
        assertTrue(cluster.connect().status(name).isRunning(1), () -> cluster.connect().status(name).traces());
    }
}
