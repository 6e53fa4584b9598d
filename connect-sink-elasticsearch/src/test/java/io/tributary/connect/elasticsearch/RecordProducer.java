package io.tributary.connect.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Writes records to a topic the way an upstream connector would: keys and values through Connect's own
 * JsonConverter (with or without the schema envelope), or raw text.
 */
final class RecordProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();

    RecordProducer(String bootstrapServers, boolean schemas) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
        keys.configure(Map.of("schemas.enable", Boolean.toString(schemas)), true);
        values.configure(Map.of("schemas.enable", Boolean.toString(schemas)), false);
    }

    void send(String topic, Schema keySchema, Object key, Schema valueSchema, Object value) {
        send(topic, keySchema, key, valueSchema, value, new RecordHeaders());
    }

    void send(String topic, Schema keySchema, Object key, Schema valueSchema, Object value, RecordHeaders headers) {
        byte[] keyBytes = keys.fromConnectData(topic, keySchema, key);
        byte[] valueBytes = value == null ? null : values.fromConnectData(topic, valueSchema, value);
        sendBytes(topic, keyBytes, valueBytes, headers);
    }

    /** A record whose value is the text as it is (for StringConverter values). */
    void sendText(String topic, Schema keySchema, Object key, String value) {
        sendBytes(topic, keys.fromConnectData(topic, keySchema, key),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private void sendBytes(String topic, byte[] key, byte[] value, RecordHeaders headers) {
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
        keys.close();
        values.close();
    }
}
