package io.tributary.connect.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.KafkaConnectCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a one-partition topic of the connector's records up to a row the test wrote last. */
final class TopicReads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicReads() {
    }

    /**
     * The {@code field} of every record from the topic's beginning up to and including the first whose
     * {@code field} is {@code last}: what the connector delivered before the row written last. Fails with what
     * arrived when that row does not come within {@link Fixture#TIMEOUT}.
     */
    static List<Long> idsUntil(KafkaConnectCluster cluster, String topic, String field, long last) {
        List<Long> ids = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partition = List.of(new TopicPartition(topic, 0));
            consumer.assign(partition);
            consumer.seekToBeginning(partition);
            long deadline = System.nanoTime() + Fixture.TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long id = payload(record.value()).get(field).asLong();
                    ids.add(id);
                    if (id == last) {
                        return ids;
                    }
                }
            }
        }
        throw new AssertionError("row " + field + "=" + last + " did not arrive in " + topic + " within "
                + Fixture.TIMEOUT.toSeconds() + " s; arrived: " + ids);
    }

    private static JsonNode payload(byte[] value) {
        try {
            return JSON.readTree(value).get("payload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
