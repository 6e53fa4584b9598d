package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.connect.testkit.Poll;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The reader thread without a database (the fake's connections fail every read): who reads, with what log
 * context, how its failure reaches the worker, and a stop() that comes before start().
 */
class PipelinedReadingTest {

    @AfterEach
    void clearContext() {
        MDC.clear();
    }

    @Test
    void theReaderIsADaemonNamedForConnectorAndTaskThatLogsInTheWorkersContext() {
        // the read loses the connection: the reader reconnects, and the fake notes who asked
        FakeConnections connections = new FakeConnections("08006").refusingFrom(3);
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, connections);
        task.initialize(new NoOffsets());
        Map<String, String> props = config();
        props.put(TaskTables.TASK_NUMBER, "7");
        MDC.put("connector.context", "[orders|task-7] ");
        task.start(props);
        try {
            Poll.until(Duration.ofSeconds(10), "a reconnect", () -> connections.attempts() >= 2);

            List<String> threads = connections.attemptThreads();
            assertEquals(Thread.currentThread().getName() + " [orders|task-7] ", threads.get(0), "start() opens");
            assertEquals(JdbcSourceTask.READER_THREAD_PREFIX + props.get("name") + "-7 (daemon) [orders|task-7] ",
                    threads.get(1), "the reader reconnects");
        } finally {
            task.stop();
        }
    }

    @Test
    void aFailedReadFailsPollWithTheMessageTheTaskFailedWithBefore() throws Exception {
        FakeConnections connections = new FakeConnections("42501"); // permission denied at every read
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, connections);
        task.initialize(new NoOffsets());
        Map<String, String> props = config();
        task.start(props);
        try {
            ConnectException failed = assertThrows(ConnectException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    assertNull(task.poll());
                }
            });

            assertEquals("Reading table public.orders failed: the fake has no data (SQLState 42501). Fix the cause "
                    + "(permissions, the query, the table) and restart the task; it resumes after the last row it "
                    + "delivered.", failed.getMessage());
            assertEquals("42501", ((SQLException) failed.getCause()).getSQLState());
            Poll.until(Duration.ofSeconds(10), "the failed reader to end",
                    () -> ReaderThreads.alive(props.get("name")).isEmpty());
        } finally {
            task.stop();
        }
        assertEquals(List.of(), connections.stillOpen(), "connections left open");
    }

    @Test
    void aTaskStoppedBeforeItStartedHandsOutNothing() throws Exception {
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, new FakeConnections("42501"));
        task.initialize(new NoOffsets());

        assertDoesNotThrow(task::stop);
        assertNull(task.poll());
    }

    private static Map<String, String> config() {
        Map<String, String> props = new HashMap<>();
        props.put("name", Fixture.unique("pipelined"));
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/shop");
        props.put("connection.attempts", "1");
        props.put("mode", "bulk");
        props.put("key.mode", "none");
        props.put("topic.prefix", "shop.");
        TaskTables.write(List.of(new SourceTable(new TableId("public", "orders"), SourceTable.TABLE)), props);
        return props;
    }
}
