package io.tributary.connect.jdbc;

import io.tributary.connect.common.Backoff;
import io.tributary.connect.common.Version;
import io.tributary.connect.common.jdbc.SqlFailure;
import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.DatabaseDialects;
import io.tributary.connect.jdbc.query.LoadHandOver;
import io.tributary.connect.jdbc.query.LoadRangeQuerier;
import io.tributary.connect.jdbc.query.QuerierSettings;
import io.tributary.connect.jdbc.query.Queriers;
import io.tributary.connect.jdbc.query.QueryTarget;
import io.tributary.connect.jdbc.query.TableQuerier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Polls its tables (or the query) in turn: the one due first, and once started, that one until its result
 * set is exhausted. A lost connection is reopened with backoff and every querier resumes from the last
 * row it emitted.
 *
 * <p>Reading is pipelined: a reader thread of the task's own ({@value #READER_THREAD_PREFIX}connector-task) runs
 * the queries and turns rows into records, and hands each batch to the worker's task thread through a
 * {@link BatchReader} of two batches; poll() only takes the next batch. So the database's time and the decoding
 * overlap the worker's conversion and sending of the batch before. Every field the reading uses is the reader
 * thread's alone once start() has started it.
 */
public class JdbcSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSourceTask.class);
    private static final long MAX_IDLE_WAIT_MS = 500;
    /** The reader thread's name begins with this; then the connector's name, '-', the task's number. */
    static final String READER_THREAD_PREFIX = "tributary-jdbc-reader-";
    /** How long stop() waits for the reader thread to end. */
    private static final long READER_JOIN_MS = 5_000;
    /** An offset above the table's highest id is said at once, then again this often while it lasts. */
    static final long OFFSET_AHEAD_REPEAT_MS = 10 * 60_000L;

    private final Time time;

    private JdbcSourceConfig config;
    private DatabaseDialect dialect;
    private ConnectionOpener opener;
    /** Failures that pass by themselves, in a row: retried up to connection.attempts times, with backoff. */
    private int transientFailures;
    private Backoff transientBackoff;
    /** Connection attempts that failed in a row since the connection was lost, and when to make the next one. */
    private int failedConnects;
    private long reconnectAt;
    private final PriorityQueue<TableQuerier> due =
            new PriorityQueue<>(Comparator.comparingLong(TableQuerier::nextPollAt));
    private TableQuerier current;
    private final Map<TableQuerier, TableHealth> health = new HashMap<>();
    /** Null before start() and in a task that never started. */
    private volatile SourceTaskMetrics metrics;
    private String connectorName;
    /**
     * The bound on unacknowledged records is at least this many polls' worth: a task waiting at the bound resumes
     * at half, so the producer still has four polls' rows to send while the task reads the next. With two (the
     * first choice) it had one, and whenever reading a poll took longer than sending one the producer sat idle:
     * under the worker's defaults the task ran about a tenth slower than without the bound (docs/jdbc-source.md).
     */
    private static final int POLLS_AHEAD = 8;

    private volatile AcknowledgementGate unacknowledged = new AcknowledgementGate(0, 0);
    private volatile Connection connection;
    /** Guards setting and taking {@link #connection}, which the reader thread and stop()'s both do. */
    private final Object connectionLock = new Object();
    private volatile boolean running;
    /** Where connections come from; null: the database the config names. */
    private final ConnectionOpener.Source connections;
    /** The batches the reader thread read and the task thread has not taken yet; null before start(). */
    private volatile BatchReader batches;
    /** Null until start() succeeded, and in a task stopped before it did. */
    private Thread reader;
    /** Guards starting {@link #reader} (end of start()) against stop() looking for it. */
    private final Object readerLock = new Object();

    public JdbcSourceTask() {
        this(Time.SYSTEM, null);
    }

    /** A task on {@code time} whose connections come from {@code connections} (null: the config's), for tests. */
    JdbcSourceTask(Time time, ConnectionOpener.Source connections) {
        this.time = time;
        this.connections = connections;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSourceConfig(props);
        connectorName = props.getOrDefault("name", "<connector>");
        dialect = DatabaseDialects.forUrl(config.url());
        opener = new ConnectionOpener(config, dialect, connections);
        // the first retry soon (a cached plan heals at once), later ones spaced out like reconnects
        transientBackoff = new Backoff(Math.min(1_000L, config.connectionBackoffMs()),
                Math.max(config.connectionBackoffMs(), 60_000L));
        running = true;
        // waited on by the reader thread, on the task's clock like its other waits
        unacknowledged = new AcknowledgementGate(config.maxUnacknowledgedRecords(),
                (int) Math.min(Integer.MAX_VALUE, (long) POLLS_AHEAD * config.batchMaxRows()),
                AcknowledgementGate.BURST_GAP_NANOS, time);
        batches = new BatchReader();
        QuerierSettings settings = QuerierSettings.from(config);
        metrics = new SourceTaskMetrics(PluginMetricsRegistry.of(context, connectorName, TaskTables.taskNumber(props)),
                unacknowledged::unacknowledged);
        try {
            if (connect() == null) {
                return; // stopped while connecting
            }
            createQueriers(props, settings);
        } catch (RuntimeException e) {
            // not every runtime calls stop() after a failed start(): neither the connection nor the metrics may
            // outlive it
            closeConnection();
            metrics.close();
            throw e;
        }
        startReader(TaskTables.taskNumber(props));
    }

    /**
     * Starts the reader thread, last in start(): a start() that fails leaves no thread behind, and one that stop()
     * overtook starts none. The thread takes the starting thread's MDC, where the worker puts the connector's and
     * task's names for the log.
     */
    private void startReader(Integer taskNumber) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        synchronized (readerLock) {
            if (!running) {
                return;
            }
            reader = new Thread(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                read();
            }, READER_THREAD_PREFIX + connectorName + "-" + (taskNumber == null ? "0" : taskNumber));
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void createQueriers(Map<String, String> props, QuerierSettings settings) {
        warnAboutGuardLimits(settings);
        List<QueryTarget> targets = new ArrayList<>();
        List<TableSlice> slices = new ArrayList<>();
        try {
            if (config.isQueryMode()) {
                targets.add(QueryTarget.query(config.query(), config.queryName(), dialect, config.topicPrefix()));
                slices.add(null);
            } else {
                for (TableSlice slice : TaskTables.readSlices(props)) {
                    SourceTable table = slice.table();
                    List<String> key = config.keyMode() == KeyMode.PRIMARY_KEY
                            ? dialect.primaryKey(connection, table.id())
                            : List.of();
                    targets.add(slice.isLoadRange()
                            ? QueryTarget.loadRange(table, slice.plan(), slice.loadRange(),
                                    config.incrementingColumn(), dialect, config.topicPrefix(), key)
                            : slice.isSplit()
                            ? QueryTarget.tableSlice(table, slice.keyColumn(), slice.range(), dialect,
                                    config.topicPrefix(), key)
                            : QueryTarget.table(table, dialect, config.topicPrefix(), key));
                    slices.add(slice);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new ConnectException("Cannot read the primary keys from " + opener.safeUrl() + ": "
                    + opener.describe(e), e);
        }
        Map<Map<String, Object>, Map<String, Object>> offsets = storedOffsets(targets);
        for (int i = 0; i < targets.size(); i++) {
            QueryTarget target = targets.get(i);
            TableSlice slice = slices.get(i);
            SourceOffset offset = SourceOffset.fromMap(offsets.get(target.partition()));
            TableQuerier querier;
            if (slice != null && slice.isLoadRange()) {
                querier = new LoadRangeQuerier(target, dialect, settings, offset, slice.plan());
            } else if (slice != null && slice.plan() != null && offset.isEmpty()) {
                // the incremental part of a table loaded in ranges: from the plan's high-water mark, once they are read
                offset = slice.plan().incrementalStart();
                querier = Queriers.create(config.mode(), target, dialect, settings, offset);
                querier.startWhen(handOver(slice, target));
            } else {
                querier = Queriers.create(config.mode(), target, dialect, settings, offset);
            }
            querier.scheduleAt(0);
            due.add(querier);
            TableCondition heldBack = new TableCondition(time, config.inFlightGuardWarnAfterMs(),
                    config.inFlightGuardWarnAfterMs());
            health.put(querier, new TableHealth(heldBack, new TableCondition(time, 0, OFFSET_AHEAD_REPEAT_MS),
                    metrics.table(target.partition(), behindUnit(config.mode()), heldBack)));
            LOG.info("Reading {} in {} mode from offset {} into topic {}", target.description(),
                    config.mode().configValue(), offset.isEmpty() ? "(start)" : offset.toMap(), target.topic());
        }
    }

    /** When the incremental part of {@code slice}'s table may begin: once every range of its plan is delivered. */
    private LoadHandOver handOver(TableSlice slice, QueryTarget target) {
        List<QueryTarget> ranges = new ArrayList<>();
        for (int i = 0; i < slice.plan().ranges().size(); i++) {
            ranges.add(QueryTarget.loadRange(slice.table(), slice.plan(), i, config.incrementingColumn(), dialect,
                    config.topicPrefix(), target.keyColumns()));
        }
        return new LoadHandOver(target.description(), slice.plan(), ranges, dialect, QuerierSettings.from(config),
                partitions -> context.offsetStorageReader().offsets(partitions), time::milliseconds);
    }

    /** The unit of a table's behind-* metric in {@code mode}; null where there is none (bulk). */
    private static String behindUnit(Mode mode) {
        return switch (mode) {
            case BULK -> null;
            case INCREMENTING -> "ids";
            case TIMESTAMP, TIMESTAMP_INCREMENTING -> "seconds";
        };
    }

    private Map<Map<String, Object>, Map<String, Object>> storedOffsets(List<QueryTarget> targets) {
        List<Map<String, Object>> partitions = targets.stream().map(QueryTarget::partition).toList();
        Map<Map<String, Object>, Map<String, Object>> offsets = context.offsetStorageReader().offsets(partitions);
        return offsets == null ? new HashMap<>() : offsets;
    }

    private void warnAboutGuardLimits(QuerierSettings settings) {
        if (!settings.inFlightGuard() || config.mode() == Mode.BULK) {
            return;
        }
        try {
            dialect.inFlightGuardLimitation(connection).ifPresent(limit -> LOG.warn("In-flight guard: {}", limit));
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("Cannot tell whether the in-flight guard sees every session: {}", opener.describe(e));
        }
    }

    /**
     * The next batch the reader thread read, waiting up to half a second (real time) for one; null when none came,
     * so the worker commits offsets, and acts on a pause or a stop, between two calls as before. A failure of the
     * reader fails the task here, with the reader's own exception, after the rows it read before it.
     */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        BatchReader ready = batches;
        return ready == null ? null : ready.take(MAX_IDLE_WAIT_MS);
    }

    /** The reader thread: reads batches and hands them over until the task stops or reading fails. */
    private void read() {
        try {
            while (running) {
                List<SourceRecord> records = readNext();
                if (records == null) {
                    continue;
                }
                // counted when queued, so the bound on unacknowledged records bounds the rows read ahead too
                unacknowledged.handedOver(records.size());
                if (!batches.put(records)) {
                    return; // stopping
                }
            }
        } catch (InterruptedException e) {
            // stop() ends the reader
        } catch (RuntimeException | Error e) {
            if (running) {
                batches.fail(e);
            } else {
                // stop() closed the connection under the reader, or the gate or queue it waited on
                LOG.debug("The reader ended while stopping with: {}", e.toString());
            }
        }
    }

    /**
     * One round of the reader: the next batch of the querier due, or null when there is none now (nothing due,
     * waiting at the bound, reconnecting, a failure recovered from, an empty result).
     */
    private List<SourceRecord> readNext() throws InterruptedException {
        TableQuerier querier = current != null ? current : due.peek();
        if (querier == null) {
            pause(MAX_IDLE_WAIT_MS);
            return null;
        }
        long wait = querier.nextPollAt() - time.milliseconds();
        if (current == null && wait > 0) {
            // in slices, so that the reader notices a stop
            pause(Math.min(wait, MAX_IDLE_WAIT_MS));
            return null;
        }
        if (!unacknowledged.awaitRoom(MAX_IDLE_WAIT_MS)) {
            return null; // still at the bound on unacknowledged records: look whether stopping, then ask again
        }
        if (connection == null && !reconnect()) {
            return null; // between attempts: look whether stopping, then go on waiting
        }
        try {
            Connection session = connection;
            if (session == null) {
                return null; // stopped meanwhile
            }
            long queriesBefore = querier.queriesRun();
            long started = time.nanoseconds();
            List<SourceRecord> rows = querier.poll(session, config.batchMaxRows());
            health.get(querier).metrics().polled(querier.queriesRun() - queriesBefore,
                    time.nanoseconds() - started, rows.size(), querier.behind());
            List<SourceRecord> records = withStartPoint(querier, rows);
            if (querier.isQuerying()) {
                current = querier;
            } else {
                current = null;
                watch(querier);
                if (querier.isComplete()) {
                    due.remove(querier); // a range of an initial load, read to its end: nothing more comes
                } else {
                    reschedule(querier, config.pollIntervalMs());
                }
            }
            transientFailures = 0;
            return records.isEmpty() ? null : records;
        } catch (SQLException e) {
            recover(querier, e);
            return null;
        }
    }

    /** Puts the record of a start point resolved from timestamp.initial=-1 before the table's first rows. */
    private List<SourceRecord> withStartPoint(TableQuerier querier, List<SourceRecord> records) {
        SourceOffset start = querier.takeResolvedStart();
        if (start == null || config.timestampInitialTopic() == null) {
            return records;
        }
        List<SourceRecord> all = new ArrayList<>(records.size() + 1);
        all.add(StartPointRecord.of(config.timestampInitialTopic(), connectorName, querier.description(),
                querier.partition(), start));
        all.addAll(records);
        return all;
    }

    /** After each query of a table: what it showed besides rows, said in the log when it matters. */
    private void watch(TableQuerier querier) {
        TableHealth table = health.get(querier);
        switch (table.heldBack().observe(querier.lastStopWasHeldBack())) {
            case WARN -> warnHeldBack(querier, table.heldBack());
            case CLEARED -> LOG.info("In-flight guard: {} goes on after being held back for {} s ({} polls)",
                    querier.description(), table.heldBack().episodeMs() / 1000, table.heldBack().episodeQueries());
            default -> {
            }
        }
        Long highest = querier.highestIdBelowOffset();
        switch (table.offsetAhead().observe(highest != null)) {
            case WARN -> warnOffsetAhead(querier, highest);
            case CLEARED -> LOG.info("{} has ids above its offset again", querier.description());
            default -> {
            }
        }
    }

    private void warnHeldBack(TableQuerier querier, TableCondition heldBack) {
        String who;
        try {
            who = dialect.describeOldestRunningTransaction(connection).orElse("a transaction the database does not "
                    + "name");
            connection.commit();
        } catch (SQLException e) {
            who = "a transaction this task could not look up (" + opener.describe(e) + ")";
            rollback();
        }
        LOG.warn("In-flight guard: {} has been held back for {} s ({} polls): its next rows were written by "
                + "transactions that began after an older one that has not ended, which may still commit rows before "
                + "them. The oldest transaction still running is {}. Nothing is lost meanwhile: the table goes on "
                + "where it stopped once that transaction ends. Said again every {} ms while it lasts ({}).",
                querier.description(), heldBack.episodeMs() / 1000, heldBack.episodeQueries(), who,
                config.inFlightGuardWarnAfterMs(), JdbcSourceConfig.IN_FLIGHT_GUARD_WARN_AFTER_MS);
    }

    private void warnOffsetAhead(TableQuerier querier, long highest) {
        long stored = querier.offset().incrementing();
        LOG.warn("{}: highest id {} is below the stored offset {}, so rows with ids up to {} are not read. If the ids "
                + "started again (TRUNCATE ... RESTART IDENTITY, a reset sequence, the table dropped and created "
                + "again), read it from its start: stop the connector (PUT /connectors/{}/stop), remove this table's "
                + "offset (PATCH /connectors/{}/offsets with {\"offsets\": [{\"partition\": {}, \"offset\": null}]}) "
                + "and resume it (PUT /connectors/{}/resume). If only the newest rows were deleted, nothing is missed: "
                + "ids above {} are read as usual.", querier.description(), highest, stored, stored, connectorName,
                connectorName, json(querier.partition()), connectorName, stored);
    }

    /** A source partition as the REST API takes it: a JSON object of strings. */
    private static String json(Map<String, Object> partition) {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(partition).forEach((key, value) -> json.append(json.length() > 1 ? ", " : "")
                .append(quote(key)).append(": ").append(quote(String.valueOf(value))));
        return json.append('}').toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The table itself is gone (not a column): the connector's table watcher will reconfigure the tasks. */
    private static final String UNDEFINED_TABLE = "42P01";

    private void recover(TableQuerier querier, SQLException e) {
        current = null;
        if (!running) {
            return;
        }
        SqlFailure failure = SqlFailure.of(e);
        if (failure == SqlFailure.TRANSIENT && isValid(connection)) {
            retryTransient(querier, e);
            return;
        }
        if (failure == SqlFailure.CONNECTION_LOSS || !isValid(connection)) {
            LOG.warn("Lost the connection to {} while reading {}: {}; reconnecting", opener.safeUrl(),
                    querier.description(), opener.describe(e));
            closeConnection();
            due.forEach(TableQuerier::reset);
            return; // the reader reconnects next, with backoff, and every querier resumes from its last row
        }
        rollback();
        querier.reset();
        if (UNDEFINED_TABLE.equals(e.getSQLState())) {
            LOG.warn("{} is gone: {}; waiting for the connector to notice and reconfigure the tasks",
                    querier.description(), opener.describe(e));
            reschedule(querier, config.tablePollIntervalMs());
            return;
        }
        throw new ConnectException("Reading " + querier.description() + " failed: " + opener.describe(e)
                + ". Fix the cause (permissions, the query, the table) and restart the task; it resumes after the "
                + "last row it delivered.", e);
    }

    /**
     * A failure that passes without any change (schema drift under a cached plan, a serialization failure, a
     * lock not available, a cancelled statement): read again from the last delivered row, on a new connection
     * so that no server-side statement prepared for the old shape of the table is used again. After
     * connection.attempts failures in a row the task fails with the last one: a cause that keeps coming back
     * (a statement timeout every query exceeds) needs a person.
     */
    private void retryTransient(TableQuerier querier, SQLException e) {
        transientFailures++;
        if (transientFailures > config.connectionAttempts()) {
            throw new ConnectException("Reading " + querier.description() + " failed " + transientFailures
                    + " times in a row (" + JdbcSourceConfig.CONNECTION_ATTEMPTS + "), last with: " + opener.describe(e)
                    + ". Fix the cause (a statement_timeout or lock_timeout the query exceeds, a long lock) and "
                    + "restart the task; it resumes after the last row it delivered.", e);
        }
        long delay = transientBackoff.delayMs(transientFailures - 1);
        LOG.warn("Reading {} failed for a reason that passes: {}; reading again from its last delivered row on a new "
                + "connection in {} ms (attempt {} of {})", querier.description(), opener.describe(e), delay,
                transientFailures, config.connectionAttempts());
        rollback();
        closeConnection();
        due.forEach(TableQuerier::reset);
        querier.reset();
        reschedule(querier, delay);
    }

    private void reschedule(TableQuerier querier, long delayMs) {
        due.remove(querier);
        querier.scheduleAt(time.milliseconds() + delayMs);
        due.add(querier);
    }

    /**
     * Opens and prepares the task's connection; null when the task was stopped meanwhile. stop() closes only the
     * connection it sees, so one that opens after it looked is closed here.
     */
    private Connection connect() {
        Connection opened;
        try {
            opened = opener.open(() -> running);
        } catch (ConnectException e) {
            if (!running) {
                return null;
            }
            throw e;
        }
        try {
            return adopt(prepared(opened));
        } catch (SQLException e) {
            throw new ConnectException("Cannot prepare the connection to " + opener.safeUrl() + ": "
                    + opener.describe(e), e);
        }
    }

    /**
     * Makes {@code opened} the task's connection; null, with it closed, when the task was stopped meanwhile:
     * stop() set running before it looked for the connection, so this one it may have missed.
     */
    private Connection adopt(Connection opened) {
        synchronized (connectionLock) {
            connection = opened;
        }
        if (!running) {
            closeConnection();
            return null;
        }
        return opened;
    }

    /**
     * One attempt to open the lost connection again; false when it failed or the backoff after the last failed
     * one has not passed (after waiting up to half a second). The reader looks whether the task is stopping
     * between two attempts and during the backoff: a task that outlived its graceful stop must not go on
     * connecting as an orphan.
     */
    private boolean reconnect() throws InterruptedException {
        long wait = reconnectAt - time.milliseconds();
        if (wait > 0) {
            pause(Math.min(wait, MAX_IDLE_WAIT_MS));
            return false;
        }
        try {
            Connection opened = adopt(prepared(opener.openOnce()));
            failedConnects = 0;
            if (opened != null) {
                metrics.reconnected();
            }
            return opened != null;
        } catch (SQLException e) {
            failedConnects++;
            if (failedConnects >= opener.attempts()) {
                throw opener.cannotConnect(e);
            }
            reconnectAt = time.milliseconds() + opener.delayAfterFailed(failedConnects, e);
            return false;
        }
    }

    /**
     * Waits on the task's clock. Kafka's Time swallows an interrupt (keeping the flag), so the interrupt is
     * raised here as Thread.sleep would have, and the reader ends at once when stop() interrupts it.
     */
    private void pause(long millis) throws InterruptedException {
        time.sleep(millis);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting to read");
        }
    }

    private static Connection prepared(Connection opened) throws SQLException {
        try {
            // a server-side cursor needs a transaction: without one the driver reads the whole result into memory
            opened.setAutoCommit(false);
            opened.setReadOnly(true);
            return opened;
        } catch (SQLException e) {
            try {
                opened.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection != null && connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback after a failed statement failed too", e);
        }
    }

    /** Both the reader thread and stop()'s close it: whichever takes it first. */
    private void closeConnection() {
        Connection closing;
        synchronized (connectionLock) {
            closing = connection;
            connection = null;
        }
        if (closing != null) {
            try {
                closing.close();
            } catch (SQLException e) {
                LOG.debug("Closing the lost connection failed", e);
            }
        }
    }

    /** Called by the worker once per record: acknowledged by Kafka, or dropped (metadata null). */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        unacknowledged.acknowledged(metadata != null);
    }

    /**
     * Ends the reader and leaves no thread behind: wakes it wherever it waits (the bound on unacknowledged records,
     * the hand-over, a backoff), closes the connection under a query it runs, and waits for it to end.
     */
    @Override
    public void stop() {
        running = false;
        unacknowledged.close();
        BatchReader handOver = batches;
        if (handOver != null) {
            handOver.close();
        }
        Thread stopping;
        synchronized (readerLock) {
            stopping = reader;
        }
        if (stopping != null) {
            stopping.interrupt();
        }
        // a query in progress does not heed the interrupt; closing its connection ends it
        closeConnection();
        if (stopping != null) {
            joinReader(stopping);
        }
        LOG.info("Stopping: {}", unacknowledged.summary());
        SourceTaskMetrics registered = metrics;
        if (registered != null) {
            registered.close();
        }
    }

    private static void joinReader(Thread stopping) {
        try {
            stopping.join(READER_JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.isAlive()) {
            LOG.warn("The reader thread {} has not ended {} s after the task was asked to stop; it ends once the "
                    + "database call it waits in returns", stopping.getName(),
                    TimeUnit.MILLISECONDS.toSeconds(READER_JOIN_MS));
        }
    }
}
