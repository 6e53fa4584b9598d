package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.jdbc.query.QueryTarget;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * A task driven as the worker drives it, on a real PostgreSQL: its reader thread queries and decodes while the
 * task thread only takes batches from poll(); rows keep their order and offsets, the rows read ahead stay within
 * the bound on unacknowledged records plus the two queued batches, a failure of the reader fails poll() with its
 * own message, and stop() leaves no reader thread behind wherever the reader waits.
 */
@WithPostgres
class PipelinedReadingIT {

    private static final RecordMetadata SENT = new RecordMetadata(new TopicPartition("t", 0), 0, 0, 0, 0, 0);

    @Test
    void queriesRunOnTheTasksReaderThreadNotOnTheThreadThatPolls(PostgresDatabase db) throws Exception {
        String table = rows(db, "offthread", 10);
        Set<String> queryingThreads = ConcurrentHashMap.newKeySet();
        Map<String, String> props = tableConfig(db, table, "incrementing");
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, recordingThreads(db, queryingThreads));
        task.initialize(new NoOffsets());
        task.start(props);
        try {
            List<SourceRecord> records = pollUntil(task, 10, new ArrayList<>());

            assertEquals(10, records.size());
            String reader = JdbcSourceTask.READER_THREAD_PREFIX + props.get("name") + "-3";
            assertEquals(Set.of(reader), queryingThreads, "the threads that ran the table's query");
            assertEquals(List.of(reader), ReaderThreads.alive(props.get("name")));
        } finally {
            task.stop();
        }
        assertEquals(List.of(), ReaderThreads.alive(props.get("name")), "reader thread left behind");
    }

    @Test
    void deliversEveryRowInOrderWithItsOffsetAcrossManyBatches(PostgresDatabase db) throws Exception {
        String table = rows(db, "ordered", 5_000);
        Map<String, String> props = tableConfig(db, table, "incrementing");
        props.put("batch.max.rows", "70");
        props.put("fetch.size", "90");
        JdbcSourceTask task = started(props);
        try {
            List<Integer> batchSizes = new ArrayList<>();
            List<SourceRecord> records = pollUntil(task, 5_000, batchSizes);

            assertEquals(LongStream.rangeClosed(1, 5_000).boxed().toList(), ids(records));
            for (SourceRecord record : records) {
                long id = (Long) ((Struct) record.value()).get("id");
                assertEquals(Map.of("table", "public." + table), record.sourcePartition());
                assertEquals(Map.of("incrementing", id), record.sourceOffset(), "offset of row " + id);
                assertEquals("p." + table, record.topic());
            }
            assertTrue(batchSizes.size() >= 5_000 / 70, "batches " + batchSizes);
            assertTrue(batchSizes.stream().allMatch(size -> size > 0 && size <= 70), "batches " + batchSizes);
        } finally {
            task.stop();
        }
    }

    @Test
    void rowsReadAheadStayWithinTheBoundOnUnacknowledgedRecordsPlusTwoBatches(PostgresDatabase db) throws Exception {
        String table = rows(db, "bounded", 400);
        Map<String, String> props = tableConfig(db, table, "incrementing");
        props.put("batch.max.rows", "10");
        props.put("max.unacknowledged.records", "50");
        // the gate's slice passes only when this test moves the clock: nothing but acknowledgements lets the reader on
        MockTime clock = new MockTime();
        JdbcSourceTask task = new JdbcSourceTask(clock, null);
        task.initialize(new NoOffsets());
        task.start(props);
        try {
            List<SourceRecord> unacknowledged = new ArrayList<>();
            List<Long> read = new ArrayList<>();
            int mostUnacknowledged = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read.size() < 400) {
                assertTrue(System.nanoTime() < deadline, "only " + read.size() + " rows in a minute");
                List<SourceRecord> batch = task.poll();
                if (batch == null) {
                    if (unacknowledged.size() < 50) {
                        continue; // a slow query
                    }
                    // the reader waits at the bound: Kafka acknowledges the older records down to half of it
                    awaitReaderIn(props, AcknowledgementGate.class, "awaitRoom");
                    int half = unacknowledged.size() - 25;
                    for (SourceRecord record : unacknowledged.subList(0, half)) {
                        task.commitRecord(record, SENT);
                    }
                    unacknowledged.subList(0, half).clear();
                    continue;
                }
                unacknowledged.addAll(batch);
                read.addAll(ids(batch));
                mostUnacknowledged = Math.max(mostUnacknowledged, unacknowledged.size());
                assertTrue(unacknowledged.size() <= 50 + 2 * 10, unacknowledged.size() + " unacknowledged");
            }

            assertEquals(LongStream.rangeClosed(1, 400).boxed().toList(), read);
            assertTrue(mostUnacknowledged >= 50, "the bound was reached: " + mostUnacknowledged);
        } finally {
            task.stop();
        }
    }

    @Test
    void aFailureOfTheReaderFailsPollWithItsMessageAfterTheRowsReadBeforeIt(PostgresDatabase db) throws Exception {
        Map<String, String> props = queryConfig(db, "boom",
                "SELECT g AS id, 10 / (g - 150) AS x FROM generate_series(1, 300) g");
        props.put("batch.max.rows", "50");
        props.put("fetch.size", "100");
        JdbcSourceTask task = started(props);
        try {
            List<SourceRecord> delivered = new ArrayList<>();
            ConnectException failure = assertThrows(ConnectException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    List<SourceRecord> batch = task.poll();
                    if (batch != null) {
                        delivered.addAll(batch);
                    }
                }
            });

            // the first round trip fetched rows 1-50 (one batch); the next one (fetch.size 100) reached row 150
            assertEquals(LongStream.rangeClosed(1, 50).boxed().toList(), ids(delivered, "id"));
            String message = failure.getMessage();
            assertTrue(message.startsWith("Reading query boom failed: ERROR: division by zero"), message);
            assertTrue(message.endsWith("Fix the cause (permissions, the query, the table) and restart the task; it "
                    + "resumes after the last row it delivered."), message);
            Poll.until(Duration.ofSeconds(10), "the failed reader to end",
                    () -> ReaderThreads.alive(props.get("name")).isEmpty());
        } finally {
            task.stop();
        }
    }

    @Test
    void pollDoesNotWaitForARunningQueryAndStopEndsIt(PostgresDatabase db) throws Exception {
        String name = Fixture.unique("sleepy");
        Map<String, String> props = queryConfig(db, name, "SELECT 1 AS id, pg_sleep(60) AS slept");
        JdbcSourceTask task = started(props);
        Poll.until(Duration.ofSeconds(30), "the query to run", () -> ((Number) db.queryValue(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(60)%' "
                        + "AND pid <> pg_backend_pid()")).longValue() > 0);
        long polling = System.nanoTime();
        assertNull(task.poll(), "the query still runs");
        long pollMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - polling);
        assertTrue(pollMs >= 400 && pollMs < 5_000, "poll() waits half a second, not for the database: " + pollMs);

        assertStopLeavesNoReader(task, props);
    }

    @Test
    void stopEndsAReaderWaitingAtTheBoundOnUnacknowledgedRecords(PostgresDatabase db) throws Exception {
        String table = rows(db, "atbound", 200);
        Map<String, String> props = tableConfig(db, table, "incrementing");
        props.put("batch.max.rows", "10");
        props.put("max.unacknowledged.records", "30");
        JdbcSourceTask task = new JdbcSourceTask(new MockTime(), null); // a slice at the bound never ends by itself
        task.initialize(new NoOffsets());
        task.start(props);
        int polled = 0;
        while (polled < 30) {
            List<SourceRecord> batch = task.poll();
            polled += batch == null ? 0 : batch.size();
        }
        awaitReaderIn(props, AcknowledgementGate.class, "awaitRoom");
        assertNull(task.poll(), "read past the bound");
        assertEquals(30, polled);

        assertStopLeavesNoReader(task, props);
    }

    @Test
    void stopEndsAReaderWaitingToHandOverABatch(PostgresDatabase db) throws Exception {
        String table = rows(db, "queued", 200);
        Map<String, String> props = tableConfig(db, table, "incrementing");
        props.put("batch.max.rows", "10");
        props.put("max.unacknowledged.records", "0"); // no bound: only the queue holds the reader
        JdbcSourceTask task = started(props);
        awaitReaderIn(props, BatchReader.class, "put");

        assertStopLeavesNoReader(task, props);
    }

    @Test
    void stopBeforeAnyPollLeavesNoReader(PostgresDatabase db) throws Exception {
        String table = rows(db, "unpolled", 10);
        Map<String, String> props = tableConfig(db, table, "incrementing");
        JdbcSourceTask task = started(props);

        assertStopLeavesNoReader(task, props);
        assertNull(task.poll(), "a stopped task hands out nothing");
    }

    private static void assertStopLeavesNoReader(JdbcSourceTask task, Map<String, String> props) {
        assertEquals(1, ReaderThreads.alive(props.get("name")).size(), "the reader before stop()");
        long started = System.nanoTime();
        task.stop();
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals(List.of(), ReaderThreads.alive(props.get("name")), "reader thread left behind");
        assertTrue(stopMs < 5_000, "stop() took " + stopMs + " ms: it waited for the reader to give up");
    }

    /** Waits until the task's reader thread waits in {@code type}'s {@code method}. */
    private static void awaitReaderIn(Map<String, String> props, Class<?> type, String method) {
        String prefix = JdbcSourceTask.READER_THREAD_PREFIX + props.get("name") + "-";
        Poll.until(Duration.ofSeconds(30), "the reader to wait in " + type.getSimpleName() + "." + method,
                () -> Thread.getAllStackTraces().entrySet().stream()
                        .filter(thread -> thread.getKey().getName().startsWith(prefix))
                        .filter(thread -> thread.getKey().getState() == Thread.State.WAITING
                                || thread.getKey().getState() == Thread.State.TIMED_WAITING)
                        .anyMatch(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
                                frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method))));
    }

    private static JdbcSourceTask started(Map<String, String> props) {
        JdbcSourceTask task = new JdbcSourceTask(Time.SYSTEM, null);
        task.initialize(new NoOffsets());
        task.start(props);
        return task;
    }

    /** Polls as the worker does, acknowledging every record, until {@code count} records came. */
    private static List<SourceRecord> pollUntil(JdbcSourceTask task, int count, List<Integer> batchSizes)
            throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (records.size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + records.size() + " records in a minute");
            List<SourceRecord> batch = task.poll();
            if (batch == null) {
                continue;
            }
            assertFalse(batch.isEmpty(), "poll() returns null, not an empty batch");
            batchSizes.add(batch.size());
            records.addAll(batch);
            batch.forEach(record -> task.commitRecord(record, SENT));
        }
        return records;
    }

    /** A table of {@code count} rows with ids 1 to count. */
    private static String rows(PostgresDatabase db, String prefix, int count) {
        String table = Fixture.unique(prefix);
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text NOT NULL)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, " + count + ") g");
        return table;
    }

    private static Map<String, String> tableConfig(PostgresDatabase db, String table, String mode) {
        Map<String, String> props = baseConfig(db, Fixture.unique("pipelined"), mode);
        props.put("incrementing.column.name", "id");
        TaskTables.write(List.of(new SourceTable(new TableId("public", table), SourceTable.TABLE)), props);
        return props;
    }

    private static Map<String, String> queryConfig(PostgresDatabase db, String name, String query) {
        Map<String, String> props = baseConfig(db, name, "bulk");
        props.put("query", query);
        props.put("query.name", name);
        return props;
    }

    private static Map<String, String> baseConfig(PostgresDatabase db, String name, String mode) {
        Map<String, String> props = new HashMap<>();
        props.put("name", name);
        props.put(TaskTables.TASK_NUMBER, "3");
        props.put("connection.url", db.jdbcUrl());
        props.put("connection.user", db.user());
        props.put("connection.password", db.password());
        props.put("mode", mode);
        props.put("topic.prefix", "p.");
        props.put("poll.interval.ms", "200");
        return props;
    }

    private static List<Long> ids(List<SourceRecord> records) {
        return ids(records, "id");
    }

    private static List<Long> ids(List<SourceRecord> records, String field) {
        return records.stream().map(record -> ((Number) ((Struct) record.value()).get(field)).longValue()).toList();
    }

    /** Connections to {@code db} that note the thread preparing each statement that reads rows. */
    private static ConnectionOpener.Source recordingThreads(PostgresDatabase db, Set<String> threads) {
        return () -> {
            Connection real = db.connect();
            return (Connection) Proxy.newProxyInstance(PipelinedReadingIT.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")
                                && String.valueOf(args[0]).contains(QueryTarget.ROW_ALIAS)) {
                            threads.add(Thread.currentThread().getName());
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
    }
}
