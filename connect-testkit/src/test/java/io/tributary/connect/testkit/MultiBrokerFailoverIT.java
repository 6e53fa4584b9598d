package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafkaConnect(brokers = 3, workers = 2)
class MultiBrokerFailoverIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void tasksMoveToTheSurvivingWorkerWhenTheirWorkerStops(KafkaConnectCluster cluster, @TempDir Path dir)
            throws IOException {
        assertEquals(3, cluster.brokers());
        assertEquals(2, cluster.workerUrls().size());
        cluster.topics().create("replicated", 1);
        assertEquals(3, cluster.topics().replicationFactor("replicated"));
        Path input = dir.resolve("in.txt");
        Files.write(input, List.of("one", "two"));
        cluster.connect().createConnector("moving-source", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "tasks.max", "1",
                "file", input.toString(),
                "topic", "replicated",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        String before = cluster.connect().awaitRunning("moving-source", 1, TIMEOUT).tasks().get(0).workerId();
        assertEquals(List.of("one", "two"), cluster.topics().readValues("replicated", 2, TIMEOUT));

        int index = indexOfWorker(cluster, before);
        cluster.stopWorker(index);

        String survivorPort = ":" + cluster.workerUrls().get(0).getPort();
        Poll.until(TIMEOUT, "the task to run on the worker at " + survivorPort, () -> {
            ConnectorStatus status = cluster.connect().status("moving-source");
            return status.isRunning(1) && status.tasks().get(0).workerId().endsWith(survivorPort);
        });
        assertNotEquals(before, cluster.connect().status("moving-source").tasks().get(0).workerId());
    }

    private static int indexOfWorker(KafkaConnectCluster cluster, String workerId) {
        List<String> ports = cluster.workerUrls().stream().map(url -> ":" + url.getPort()).toList();
        for (int i = 0; i < ports.size(); i++) {
            if (workerId.endsWith(ports.get(i))) {
                return i;
            }
        }
        throw new AssertionError("task worker " + workerId + " is none of the workers at " + ports);
    }
}
