package io.tributary.connect.elasticsearch;

import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterEach;

/** What the sink's integration tests share: fresh names, the base config, starting and awaiting connectors. */
abstract class SinkTestSupport {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String CONNECTOR = ElasticsearchSinkConnector.class.getName();
    /** Where the test kit's in-JVM workers report their metrics. */
    static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final List<String> connectors = new ArrayList<>();

    abstract int major();

    @AfterEach
    void deleteConnectors(KafkaConnectCluster cluster) {
        for (String name : connectors) {
            cluster.connect().deleteConnector(name);
        }
    }

    /** A fresh lower-case name, used for the topic, the index and the connector of one test. */
    String fresh(String what) {
        return what + "-es" + major() + "-" + SEQUENCE.incrementAndGet();
    }

    Map<String, String> sinkConfig(String topic, ElasticsearchServer es) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("connection.url", es.httpUrl().toString());
        config.put("linger.ms", "20");
        return config;
    }

    /** Plain JSON keys and values; converter settings count only where the converter itself is set. */
    static void schemaless(Map<String, String> config) {
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
    }

    String start(KafkaConnectCluster cluster, String name, Map<String, String> config) {
        cluster.connect().createConnector(name, config);
        connectors.add(name);
        cluster.connect().awaitRunning(name, 1, TIMEOUT);
        return name;
    }

    static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            doc.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return doc;
    }

    static void awaitCount(ElasticsearchServer es, String index, long expected) {
        long[] last = {-1};
        Poll.until(TIMEOUT, () -> index + " to hold " + expected + " documents; it holds " + last[0], () -> {
            last[0] = es.indices().exists(index) ? es.indices().count(index) : 0;
            return last[0] == expected;
        });
    }

    static void awaitCommitted(KafkaConnectCluster cluster, String connector, long expected) {
        long[] last = {-1};
        Poll.until(TIMEOUT, () -> "committed offset " + expected + " for " + connector + "; it is " + last[0], () -> {
            last[0] = committed(cluster, connector);
            return last[0] == expected;
        });
    }

    /** The sum of the committed offsets of the connector's consumer group. */
    static long committed(KafkaConnectCluster cluster, String connector) {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the committed offsets of connect-" + connector, e);
        }
    }

    /** A metric of task 0 of {@code connector}, read through JMX; NaN while it is not registered. */
    static double taskMetric(String connector, String name, String... tags) {
        try {
            ObjectName bean = bean(connector, tags);
            return JMX.isRegistered(bean) ? ((Number) JMX.getAttribute(bean, name)).doubleValue() : Double.NaN;
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + name + " of " + connector, e);
        }
    }

    /** The MBean of task 0 of {@code connector} whose tags besides connector and task are {@code tags}. */
    static ObjectName bean(String connector, String... tags) throws JMException {
        StringBuilder name = new StringBuilder("kafka.connect:type=plugins,connector=" + connector + ",task=0");
        for (int i = 0; i < tags.length; i += 2) {
            name.append(',').append(tags[i]).append('=').append(tags[i + 1]);
        }
        return new ObjectName(name.toString());
    }
}
