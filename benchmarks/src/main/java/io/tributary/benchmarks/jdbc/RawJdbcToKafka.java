package io.tributary.benchmarks.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw limit: a plain JDBC streaming read that builds the payload JsonConverter would write (schema
 * envelope included) with Jackson and sends it with a tuned KafkaProducer. No Connect, no schemas at run time.
 */
final class RawJdbcToKafka {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawJdbcToKafka() {
    }

    /**
     * Answers the elapsed nanoseconds until every record was acknowledged; {@code beforeClose} runs after the
     * last acknowledgement while the producer's I/O thread still lives.
     */
    static long run(Connection connection, String bootstrapServers, String topic, ObjectNode valueSchema,
                    Runnable beforeClose) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.ACKS_CONFIG, "all");
        long started = System.nanoTime();
        connection.setAutoCommit(false);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                     new ByteArraySerializer());
             PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + BenchTable.NAME)) {
            statement.setFetchSize(10_000);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ObjectNode payload = JSON.createObjectNode();
                    payload.put("id", rs.getLong(1));
                    payload.put("quantity", rs.getInt(2));
                    payload.put("price", decimalBytes(rs.getBigDecimal(3)));
                    payload.put("title", rs.getString(4));
                    payload.put("notes", rs.getString(5));
                    payload.put("code", rs.getString(6));
                    payload.put("created_at", rs.getObject(7, OffsetDateTime.class).toInstant().toEpochMilli());
                    payload.put("active", rs.getBoolean(8));
                    payload.put("score", rs.getDouble(9));
                    payload.put("due", (int) rs.getObject(10, LocalDate.class).toEpochDay());
                    ObjectNode envelope = JSON.createObjectNode();
                    envelope.set("schema", valueSchema);
                    envelope.set("payload", payload);
                    byte[] key = JSON.writeValueAsBytes(JSON.createObjectNode().put("payload", rs.getLong(1)));
                    producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(envelope)));
                }
            }
            producer.flush();
            beforeClose.run();
        }
        connection.commit();
        return System.nanoTime() - started;
    }

    private static String decimalBytes(BigDecimal value) {
        byte[] unscaled = value.unscaledValue().toByteArray();
        return Base64.getEncoder().encodeToString(ByteBuffer.wrap(unscaled).array());
    }
}
