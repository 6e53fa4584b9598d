package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkConnectorTest {

    @Test
    void numbersEachTasksConfigForTheTagsOfItsMetrics() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ElasticsearchSinkConnector connector = new ElasticsearchSinkConnector();
        // an unreachable cluster does not stop a connector from starting: its tasks wait for it
        connector.start(Map.of("name", "orders-sink", "topics", "orders",
                "connection.url", "http://127.0.0.1:" + closedPort));

        List<Map<String, String>> configs = connector.taskConfigs(2);

        assertEquals(List.of("0", "1"), configs.stream().map(c -> c.get(ElasticsearchSinkConnector.TASK_INDEX))
                .toList());
        assertEquals("orders", configs.get(1).get("topics"));
        assertEquals(1, ElasticsearchSinkTask.taskIndex(configs.get(1)));
    }

    @Test
    void aTaskConfigWithoutANumberGivesNone() {
        assertNull(ElasticsearchSinkTask.taskIndex(Map.of("topics", "orders")));
        assertNull(ElasticsearchSinkTask.taskIndex(Map.of(ElasticsearchSinkConnector.TASK_INDEX, "x")));
    }
}
