package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/**
 * The task closes every connection it opens: when start() fails, and when stop() comes during a reconnect; and it
 * waits out the backoff between reconnects on its own clock, so this test needs no real wait.
 */
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

    @Test
    void aRefusedReconnectWaitsOutItsBackoffOnTheTasksClock() throws Exception {
        // the connection is lost at the first read; every open after the first is refused
        FakeConnections connections = new FakeConnections("08006").refusingFrom(2);
        MockTime clock = new MockTime();
        JdbcSourceTask task = new JdbcSourceTask(clock, connections);
        task.initialize(new NoOffsets());
        Map<String, String> props = config("none");
        props.put("connection.attempts", "3");
        props.put("connection.backoff.ms", "4000");
        task.start(props);

        assertNull(task.poll(), "the read loses the connection, the reconnect at once is refused");
        assertEquals(2, connections.attempts());

        // each poll() waits at most half a second on the clock, then hands back to the worker
        long refusedAt = clock.milliseconds();
        int polls = 0;
        while (connections.attempts() == 2 && polls < 100) {
            assertNull(task.poll());
            polls++;
        }
        long waited = clock.milliseconds() - refusedAt;
        assertEquals(3, connections.attempts(), "the retry after the backoff was refused too");
        assertTrue(waited >= 2_000 && waited <= 4_000,
                "the first retry waits between half and all of connection.backoff.ms, waited " + waited + " ms");
        assertTrue(polls >= 4, "each poll() returns after at most 500 ms, got " + polls + " polls");

        // the next wait doubles (4-8 s); then the third refusal is the last of connection.attempts
        ConnectException failed = assertThrows(ConnectException.class, () -> {
            for (int i = 0; i < 100; i++) {
                task.poll();
            }
        });
        assertEquals(4, connections.attempts());
        assertTrue(failed.getMessage().startsWith("Cannot connect to jdbc:postgresql://127.0.0.1:1/shop"),
                failed.getMessage());
        long total = clock.milliseconds() - refusedAt;
        assertTrue(total >= 2_000 + 4_000 && total <= 4_000 + 8_000, "backoffs took " + total + " ms in all");
        task.stop();
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
