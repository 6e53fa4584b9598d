package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localservers.ConnectRestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafkaConnect
class KafkaConnectClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void sourceConnectorPostedAsJsonProducesRecordsThatAreReadBack(KafkaConnectCluster cluster) throws IOException {
        Path input = dir.resolve("lines.txt");
        Files.write(input, List.of("alpha", "beta", "gamma"), StandardCharsets.UTF_8);
        cluster.topics().create("file-lines", 1);
        String json = """
                {"name": "file-source", "config": {
                  "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
                  "tasks.max": "1",
                  "file": "%s",
                  "topic": "file-lines",
                  "value.converter": "org.apache.kafka.connect.storage.StringConverter"}}
                """.formatted(input);

        assertEquals("file-source", cluster.connect().createConnector(json));
        ConnectorStatus status = cluster.connect().awaitRunning("file-source", 1, TIMEOUT);

        assertEquals("RUNNING", status.tasks().get(0).state());
        assertEquals(List.of("alpha", "beta", "gamma"), cluster.topics().readValues("file-lines", 3, TIMEOUT));
        cluster.connect().deleteConnector("file-source");
        cluster.connect().awaitDeleted("file-source", TIMEOUT);
    }

    @Test
    void validationReportsTheKeyAndTheReason(KafkaConnectCluster cluster) {
        ConfigValidation validation = cluster.connect().validate(Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "name", "bad-source",
                "topic", "t",
                "batch.size", "not-a-number"));

        assertFalse(validation.isValid());
        assertEquals(1, validation.errorCount());
        assertTrue(validation.errorsFor("batch.size").get(0).contains("not-a-number"),
                () -> "errors: " + validation.errors());
    }

    @Test
    void recordTheSinkCannotConvertLandsInTheDeadLetterQueueWithItsReason(KafkaConnectCluster cluster)
            throws IOException {
        cluster.topics().create("raw-input", 1);
        cluster.topics().create("raw-input-dlq", 1);
        Path output = dir.resolve("sink.txt");
        cluster.connect().createConnector("dlq-sink", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "tasks.max", "1",
                "topics", "raw-input",
                "file", output.toString(),
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false",
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "raw-input-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        cluster.connect().awaitRunning("dlq-sink", 1, TIMEOUT);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", cluster.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("raw-input", "{\"ok\":1}".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>("raw-input", "not json".getBytes(StandardCharsets.UTF_8)));
        }

        List<KafkaTopics.DeadLetter> letters = cluster.topics().readDeadLetters("raw-input-dlq", 1, TIMEOUT);
        assertEquals("not json", letters.get(0).value());
        assertEquals("raw-input", letters.get(0).originalTopic());
        assertNotNull(letters.get(0).exceptionMessage());
        Poll.until(TIMEOUT, "the good record in the sink file", () -> fileHolds(output, "{ok=1}"));
        cluster.connect().deleteConnector("dlq-sink");
    }

    @Test
    void unknownConnectorAnswersNotFound(KafkaConnectCluster cluster) {
        ConnectRestException e = assertThrows(ConnectRestException.class, () -> cluster.connect().status("nope"));
        assertEquals(404, e.status());
    }

    private static boolean fileHolds(Path file, String line) {
        try {
            return Files.exists(file) && Files.readAllLines(file).contains(line);
        } catch (IOException e) {
            return false;
        }
    }
}
