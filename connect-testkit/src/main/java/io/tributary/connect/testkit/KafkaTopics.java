package io.tributary.connect.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Creates topics and reads records back, as any Kafka client would. */
public final class KafkaTopics {

    private final String bootstrapServers;
    private final int brokers;

    KafkaTopics(String bootstrapServers, int brokers) {
        this.bootstrapServers = bootstrapServers;
        this.brokers = brokers;
    }

    /** Creates a topic with the cluster's largest sensible replication factor (3, or fewer brokers). */
    public void create(String topic, int partitions) {
        create(topic, partitions, (short) Math.min(brokers, 3), Map.of());
    }

    public void create(String topic, int partitions, short replicationFactor, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor).configs(configs)))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of the end offsets of a topic's partitions. Above the number of records a topic holds when
     * records were written in transactions: each commit marker takes an offset.
     */
    public long endOffset(String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(info -> latest.put(new TopicPartition(topic, info.partition()),
                            OffsetSpec.latest()));
            long sum = 0;
            for (var offset : admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS).values()) {
                sum += offset.offset();
            }
            return sum;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The replication factor of partition 0 of a topic. */
    public int replicationFactor(String topic) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(topic).partitions().get(0).replicas().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Names of the topics that exist now. */
    public Set<String> names() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the topic from its beginning until {@code count} records arrived (all partitions), and
     * fails with how many did arrive when the timeout passes first.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < count) {
            throw new AssertionError("expected " + count + " records in " + topic + " within "
                    + timeout.toMillis() + " ms, got " + records.size());
        }
        return records;
    }

    /** Like {@link #read} with values decoded as UTF-8 strings (null for tombstones). */
    public List<String> readValues(String topic, int count, Duration timeout) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : read(topic, count, timeout)) {
            values.add(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /**
     * Reads a dead-letter queue: each record's value and its headers (Connect's {@code __connect.errors.*}
     * and whatever a connector added), decoded as UTF-8.
     */
    public List<DeadLetter> readDeadLetters(String dlqTopic, int count, Duration timeout) {
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : read(dlqTopic, count, timeout)) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
            letters.add(new DeadLetter(utf8(record.key()), utf8(record.value()), headers));
        }
        return letters;
    }

    /** A record in a dead-letter queue. */
    public record DeadLetter(String key, String value, Map<String, String> headers) {

        /** Connect's {@code __connect.errors.exception.message} header. */
        public String exceptionMessage() {
            return headers.get("__connect.errors.exception.message");
        }

        /** Connect's {@code __connect.errors.topic} header: where the record came from. */
        public String originalTopic() {
            return headers.get("__connect.errors.topic");
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
