package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A write held in retry while its partition moves to another owner, against a real worker and a real
 * Elasticsearch. The index refuses writes with 429 (a read-only-allow-delete block, as when a disk fills)
 * so the task's writes wait for a retry; a second member joins the connector's consumer group, takes one
 * partition and, as its new owner, writes a newer version of that partition's document once the block is
 * lifted. The old task must not overwrite it with the write it was retrying.
 */
@WithKafkaConnect
@WithElasticsearch(major = 8)
class RebalanceDuringRetryIT extends SinkTestSupport {

    private static final long BACKOFF_MAX_MS = 3_000;

    @Override
    int major() {
        return 8;
    }

    @Test
    void aWriteRetriedForARevokedPartitionDoesNotOverwriteTheNewOwnersWrite(KafkaConnectCluster cluster,
                                                                            ElasticsearchServer es)
            throws IOException, InterruptedException {
        String topic = fresh("rebalance");
        cluster.topics().create(topic, 2);
        es.indices().refuseWrites(topic, true);

        Map<String, String> config = sinkConfig(topic, es);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("max.retries", "1000");
        config.put("retry.backoff.ms", "100");
        config.put("retry.backoff.max.ms", Long.toString(BACKOFF_MAX_MS));
        String name = start(cluster, topic, config);
        try (KafkaProducer<String, String> producer = producer(cluster)) {
            producer.send(new ProducerRecord<>(topic, 0, "k0", "{\"v\":1}"));
            producer.send(new ProducerRecord<>(topic, 1, "k1", "{\"v\":1}"));
        }
        // long enough for both writes to be refused a few times, so each waits for a retry
        Thread.sleep(4_000);
        assertEquals(0, es.indices().count(topic), "the block keeps every write out");

        try (KafkaConsumer<byte[], byte[]> newOwner = member(cluster, "connect-" + name)) {
            newOwner.subscribe(List.of(topic));
            Poll.until(TIMEOUT, () -> "the second member of connect-" + name + " to get a partition", () -> {
                newOwner.poll(Duration.ofMillis(200));
                return !newOwner.assignment().isEmpty();
            });
            Set<TopicPartition> taken = newOwner.assignment();
            assertEquals(1, taken.size(), "one partition each: " + taken);
            String moved = "k" + taken.iterator().next().partition();
            String kept = "k" + (1 - taken.iterator().next().partition());

            es.indices().refuseWrites(topic, false);
            es.indices().client().index(i -> i.index(topic).id(moved).withJson(new StringReader("{\"v\":2}")));

            Poll.until(TIMEOUT, () -> "the task to write " + kept + " once the block is lifted",
                    () -> es.indices().get(topic, kept).isPresent());
            // a retry of the moved write that was still scheduled would have gone out by now
            Thread.sleep(2 * BACKOFF_MAX_MS);
            es.indices().refresh(topic);
            assertEquals(Map.of("v", 2), es.indices().get(topic, moved).orElseThrow(),
                    "the new owner's write of " + moved + " stands");
            assertEquals(Map.of("v", 1), es.indices().get(topic, kept).orElseThrow());
            assertTrue(cluster.connect().status(name).isRunning(1), cluster.connect().status(name).traces());
            assertTrue(taskMetric(name, "stale-write-drop-total") >= 1,
                    "the retried write of the moved partition counts as dropped");
        }
    }

    private static KafkaProducer<String, String> producer(KafkaConnectCluster cluster) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    /** A plain consumer in the connector's group: joining it makes the group rebalance. */
    private static KafkaConsumer<byte[], byte[]> member(KafkaConnectCluster cluster, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, "test-new-owner",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
