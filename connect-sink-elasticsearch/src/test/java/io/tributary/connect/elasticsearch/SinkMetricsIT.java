package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch._types.VersionType;
import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.ObjectName;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's metrics as an operator reads them, through JMX from a real worker (Kafka 4.3, so the worker's plugin
 * metrics hold them) writing into a real Elasticsearch: they follow what happened, exactly where it can be counted,
 * and leave with the task.
 */
@WithKafkaConnect
@WithElasticsearch(major = 8)
class SinkMetricsIT extends SinkTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SinkMetricsIT.class);
    private static final int GOOD = 40;
    private static final int BATCH = 10;

    @Override
    int major() {
        return 8;
    }

    @Test
    void metricsFollowWritesRetriesDeadLettersAndSkipsAndLeaveWithTheTask(KafkaConnectCluster cluster,
                                                                         ElasticsearchServer es) throws IOException {
        String topic = fresh("metrics");
        String dlq = topic + "-dlq";
        cluster.topics().create(topic, 1);
        // a long field, so Elasticsearch itself rejects a text age; and a document held at a version above any offset
        es.indices().client().indices().create(r -> r.index(topic).settings(s -> s.numberOfReplicas("0"))
                .mappings(m -> m.properties("age", p -> p.long_(l -> l))));
        es.indices().client().index(i -> i.index(topic).id("k-newer").versionType(VersionType.External)
                .version(1_000_000L).document(Map.of("age", 99)));
        es.indices().refuseWrites(topic, true);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            for (int i = 0; i < GOOD; i++) {
                producer.sendText(topic, Schema.STRING_SCHEMA, "k-" + i, "{\"age\":" + i + "}");
            }
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-broken", "not json");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-text-age", "{\"age\":\"forty\"}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-newer", "{\"age\":1}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-gone", null);
        }
        Map<String, String> config = sinkConfig(topic, es);
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("behavior.on.malformed.documents", "dlq");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("behavior.on.null.values", "ignore");
        config.put("version.mode", "offset");
        config.put("batch.size", Integer.toString(BATCH));
        config.put("max.retries", "1000");
        config.put("retry.backoff.ms", "100");
        config.put("retry.backoff.max.ms", "1000");
        String name = topic;
        cluster.connect().createConnector(name, config);
        try {
            cluster.connect().awaitRunning(name, 1, TIMEOUT);

            // the index refuses writes with 429: everything but the broken JSON waits in the task
            awaitMetric(name, "dead-letter-record-total", 1);
            awaitMetric(name, "tombstone-skip-total", 1);
            Poll.until(TIMEOUT, () -> "writes refused with 429 to be retried",
                    () -> taskMetric(name, "write-retry-total", "cause", "throttled") >= GOOD + 2);
            Poll.until(TIMEOUT, () -> "the task to hold " + (GOOD + 2) + " records; it holds "
                    + held(name), () -> held(name) == GOOD + 2);
            Map<String, Double> duringRefusal = snapshot(name);
            LOG.info("Metrics while the index refuses writes: {}", duringRefusal);
            assertEquals(0.0, duringRefusal.get("document-write-total"));
            assertTrue(duringRefusal.get("bulk-throttled-total") >= (GOOD + 2 + BATCH - 1) / BATCH,
                    duringRefusal.toString());
            assertEquals(0.0, duringRefusal.get("outage-time-ms"), "Elasticsearch answers, if with 429");

            es.indices().refuseWrites(topic, false);
            awaitMetric(name, "document-write-total", GOOD);
            awaitMetric(name, "dead-letter-record-total", 2);
            awaitMetric(name, "version-conflict-skip-total", 1);
            Poll.until(TIMEOUT, () -> "the task to hold nothing; it holds " + held(name), () -> held(name) == 0);
            awaitCount(es, topic, GOOD + 1);
            assertEquals(2, cluster.topics().readDeadLetters(dlq, 2, TIMEOUT).size());

            Map<String, Double> after = snapshot(name);
            LOG.info("Metrics once the index takes writes again: {}", after);
            assertEquals((double) GOOD, after.get("document-write-total"));
            assertEquals(2.0, after.get("dead-letter-record-total"));
            assertEquals(1.0, after.get("version-conflict-skip-total"));
            assertEquals(1.0, after.get("tombstone-skip-total"));
            assertEquals(0.0, after.get("malformed-record-skip-total"));
            assertEquals(0.0, after.get("stale-write-drop-total"));
            assertEquals(0.0, after.get("buffered-records"));
            assertEquals(0.0, after.get("in-flight-records"));
            assertEquals(0.0, after.get("in-flight-bulks"));
            assertEquals(0.0, after.get("outage-time-ms"));
            for (String cause : new String[] {"server-error", "conflict", "timeout", "unreachable", "other"}) {
                assertEquals(0.0, taskMetric(name, "write-retry-total", "cause", cause), cause);
            }
            assertEquals((double) BATCH, after.get("bulk-documents-max"));
            assertTrue(after.get("bulk-documents-avg") >= 1 && after.get("bulk-documents-avg") <= BATCH,
                    after.toString());
            assertTrue(after.get("bulk-request-total") >= after.get("bulk-throttled-total") + (GOOD + 2.0) / BATCH,
                    "the refused bulks and at least the ones that landed: " + after);
            assertTrue(after.get("bulk-size-max-bytes") >= BATCH * "{\"age\":0}".length(), after.toString());
            assertTrue(after.get("bulk-size-avg-bytes") > 0, after.toString());
            assertTrue(after.get("bulk-latency-max-ms") > 0, after.toString());
            assertTrue(after.get("bulk-latency-p50-ms") > 0, after.toString());
            assertTrue(after.get("bulk-latency-p99-ms") >= after.get("bulk-latency-p50-ms"), after.toString());
            assertTrue(after.get("document-write-rate") > 0, after.toString());
            assertTrue(after.get("bulk-request-rate") > 0, after.toString());

            // a new config restarts the task: its metrics register again, under the same names, counting afresh
            Set<ObjectName> beans = beans(name);
            awaitCommitted(cluster, name, GOOD + 4);
            config.put("behavior.on.malformed.documents", "warn");
            cluster.connect().putConnectorConfig(name, config);
            // the old task's count was 2: 0 is the new task's, registered again without a clash
            awaitMetric(name, "dead-letter-record-total", 0);
            cluster.connect().awaitRunning(name, 1, TIMEOUT);
            assertEquals(beans, beans(name));
            try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
                producer.sendText(topic, Schema.STRING_SCHEMA, "k-broken-again", "not json either");
                producer.sendText(topic, Schema.STRING_SCHEMA, "k-after", "{\"age\":41}");
            }
            awaitMetric(name, "malformed-record-skip-total", 1);
            awaitMetric(name, "document-write-total", 1);
            assertEquals(0.0, taskMetric(name, "dead-letter-record-total"));
            LOG.info("Metrics of the restarted task: {}", snapshot(name));

            cluster.connect().deleteConnector(name);
            cluster.connect().awaitDeleted(name, TIMEOUT);
            Poll.until(TIMEOUT, () -> "the task's MBeans to go; left: " + beans(name), () -> beans(name).isEmpty());
        } finally {
            if (cluster.connect().connectors().contains(name)) {
                cluster.connect().deleteConnector(name);
            }
        }
    }

    /** Records the task holds: buffered plus in flight. */
    private static double held(String connector) {
        return taskMetric(connector, "buffered-records") + taskMetric(connector, "in-flight-records");
    }

    private static void awaitMetric(String connector, String name, double expected) {
        double[] last = {Double.NaN};
        Poll.until(TIMEOUT, () -> name + " of " + connector + " to be " + expected + "; it is " + last[0], () -> {
            last[0] = taskMetric(connector, name);
            return last[0] == expected;
        });
    }

    /** The MBeans of the connector's plugin metrics. */
    private static Set<ObjectName> beans(String connector) {
        try {
            return new TreeSet<>(JMX.queryNames(
                    new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null));
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every metric of the connector's task 0 by name, with the tags besides connector and task in braces (e.g.
     * {@code write-retry-total{cause=throttled}}).
     */
    private static Map<String, Double> snapshot(String connector) {
        try {
            Map<String, Double> values = new TreeMap<>();
            for (ObjectName bean : beans(connector)) {
                Map<String, String> tags = new TreeMap<>(bean.getKeyPropertyList());
                tags.keySet().removeAll(Set.of("type", "connector", "task"));
                String suffix = tags.isEmpty() ? "" : tags.toString();
                for (MBeanAttributeInfo attribute : JMX.getMBeanInfo(bean).getAttributes()) {
                    values.put(attribute.getName() + suffix,
                            ((Number) JMX.getAttribute(bean, attribute.getName())).doubleValue());
                }
            }
            return values;
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
