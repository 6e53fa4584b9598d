package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/** The task closes every connection it opens: when start() fails, and when stop() comes during a reconnect. */
class TaskConnectionsTest {

    @Test
    void aConnectionOpenedByStartIsClosedWhenStartThenFails() {
        // the primary keys cannot be read, after the connection is open
        FakeConnections connections = new FakeConnections("42501");
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, connections);
        task.initialize(new NoOffsets());

        ConnectException e = assertThrows(ConnectException.class, () -> task.start(config("primary_key")));

        assertEquals("Cannot read the primary keys from jdbc:postgresql://127.0.0.1:1/shop: the fake has no data "
                + "(SQLState 42501)", e.getMessage());
        assertEquals(1, connections.openedCount());
        assertEquals(List.of(), connections.stillOpen(), "connections left open");
    }

    @Test
    void stopDuringAReconnectLeavesNoConnectionOpen() throws Exception {
        // every read finds the connection lost; the second open, the reconnect, waits until stop() has run
        FakeConnections connections = new FakeConnections("08006").holdingAttempt(2);
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, connections);
        task.initialize(new NoOffsets());
        task.start(config("none"));

        CompletableFuture<Object> polling = CompletableFuture.supplyAsync(() -> {
            try {
                return task.poll();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        connections.awaitHolding();
        task.stop();
        connections.release();
        polling.handle((records, failure) -> null).get(10, TimeUnit.SECONDS);

        assertEquals(2, connections.openedCount());
        assertEquals(List.of(), connections.stillOpen(), "connections left open");
    }

    private static Map<String, String> config(String keyMode) {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/shop");
        props.put("connection.attempts", "1");
        props.put("mode", "bulk");
        props.put("key.mode", keyMode);
        props.put("topic.prefix", "shop.");
        TaskTables.write(List.of(new SourceTable(new TableId("public", "orders"), SourceTable.TABLE)), props);
        return props;
    }

    /** A worker that has stored no offsets. */
    private static final class NoOffsets implements SourceTaskContext {

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public PluginMetrics pluginMetrics() {
            throw new UnsupportedOperationException("no metrics in this test");
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return null;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    return Map.of();
                }
            };
        }
    }
}
