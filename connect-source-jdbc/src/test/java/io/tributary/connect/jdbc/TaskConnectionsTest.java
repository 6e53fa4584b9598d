package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * The task closes every connection it opens: when start() fails, and when stop() comes during a reconnect; and its
 * reader waits out the backoff between reconnects on the task's clock, so this test needs no real wait.
 */
class TaskConnectionsTest {

    @Test
    void aConnectionOpenedByStartIsClosedWhenStartThenFails() {
        // the primary keys cannot be read, after the connection is open
        FakeConnections connections = new FakeConnections("42501");
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, connections);
        task.initialize(new NoOffsets());
        Map<String, String> props = config("primary_key");

        ConnectException e = assertThrows(ConnectException.class, () -> task.start(props));

        assertEquals("Cannot read the primary keys from jdbc:postgresql://127.0.0.1:1/shop: the fake has no data "
                + "(SQLState 42501)", e.getMessage());
        assertEquals(1, connections.openedCount());
        assertEquals(List.of(), connections.stillOpen(), "connections left open");
        assertEquals(List.of(), ReaderThreads.alive(props.get("name")), "a failed start left a reader thread");
    }

    @Test
    void stopDuringAReconnectLeavesNoConnectionOpen() throws Exception {
        // every read finds the connection lost; the second open, the reader's reconnect, waits until stop() has run
        // (and does not heed its interrupt, as a driver's connect does not)
        FakeConnections connections = new FakeConnections("08006").holdingAttempt(2);
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, connections);
        task.initialize(new NoOffsets());
        Map<String, String> props = config("none");
        task.start(props);

        connections.awaitHolding();
        Thread stopping = new Thread(task::stop, "stopping");
        stopping.start();
        // stop() has looked for the connection and waits for the reader: the connection opens only now
        Poll.until(Duration.ofSeconds(10), "stop() to wait for the reader",
                () -> stopping.getState() == Thread.State.TIMED_WAITING);
        connections.release();
        stopping.join(TimeUnit.SECONDS.toMillis(10));

        assertEquals(2, connections.openedCount());
        assertEquals(List.of(), connections.stillOpen(), "connections left open");
        assertEquals(List.of(), ReaderThreads.alive(props.get("name")), "reader thread left behind");
    }

    @Test
    void aRefusedReconnectWaitsOutItsBackoffOnTheTasksClock() throws Exception {
        // the connection is lost at the first read; every open after the first is refused
        SlicedClock clock = new SlicedClock();
        FakeConnections connections = new FakeConnections("08006").refusingFrom(2).stampedBy(clock);
        JdbcSourceTask task = new JdbcSourceTask(clock, connections);
        task.initialize(new NoOffsets());
        Map<String, String> props = config("none");
        props.put("connection.attempts", "3");
        props.put("connection.backoff.ms", "4000");
        task.start(props);

        // the reader: the read loses the connection, the reconnect at once is refused, the retry after the backoff
        // too; the next wait doubles, then the third refusal is the last of connection.attempts and fails the task
        ConnectException failed = assertThrows(ConnectException.class, () -> {
            for (int i = 0; i < 100; i++) {
                task.poll(); // each waits at most half a second of real time for a batch
            }
        });
        assertTrue(failed.getMessage().startsWith("Cannot connect to jdbc:postgresql://127.0.0.1:1/shop"),
                failed.getMessage());
        List<Long> at = connections.attemptTimes();
        assertEquals(4, at.size(), "attempts at " + at);
        assertEquals(at.get(0), at.get(1), "the first reconnect is at once");
        long firstBackoff = at.get(2) - at.get(1);
        assertTrue(firstBackoff >= 2_000 && firstBackoff <= 4_000,
                "the first retry waits between half and all of connection.backoff.ms, waited " + firstBackoff + " ms");
        long secondBackoff = at.get(3) - at.get(2);
        assertTrue(secondBackoff >= 4_000 && secondBackoff <= 8_000, "the second waits 4-8 s: " + secondBackoff);
        // in slices of at most half a second on the task's clock, between which the reader looks whether to stop
        List<Long> sleeps = clock.sleeps();
        assertTrue(sleeps.stream().allMatch(ms -> ms > 0 && ms <= 500), "sleeps " + sleeps);
        assertEquals(firstBackoff + secondBackoff, sleeps.stream().mapToLong(Long::longValue).sum(),
                "the reader waits on the task's clock, nothing else: " + sleeps);
        assertTrue(sleeps.size() >= 4 + 8, "sleeps " + sleeps);

        task.stop();
        assertEquals(List.of(), connections.stillOpen(), "connections left open");
        assertEquals(List.of(), ReaderThreads.alive(props.get("name")), "reader thread left behind");
    }

    private static Map<String, String> config(String keyMode) {
        Map<String, String> props = new HashMap<>();
        props.put("name", Fixture.unique("connections"));
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/shop");
        props.put("connection.attempts", "1");
        props.put("mode", "bulk");
        props.put("key.mode", keyMode);
        props.put("topic.prefix", "shop.");
        TaskTables.write(List.of(new SourceTable(new TableId("public", "orders"), SourceTable.TABLE)), props);
        return props;
    }

    /** A MockTime that remembers every wait on it. */
    private static final class SlicedClock extends MockTime {

        private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(long ms) {
            sleeps.add(ms);
            super.sleep(ms);
        }

        List<Long> sleeps() {
            synchronized (sleeps) {
                return List.copyOf(sleeps);
            }
        }
    }
}
