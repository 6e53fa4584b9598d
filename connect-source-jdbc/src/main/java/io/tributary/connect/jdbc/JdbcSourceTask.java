package io.tributary.connect.jdbc;

import io.tributary.connect.common.Backoff;
import io.tributary.connect.common.Version;
import io.tributary.connect.common.jdbc.SqlFailure;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.DatabaseDialects;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls its tables (or the query) in turn: the one due first, and once started, that one until its result
 * set is exhausted. A lost connection is reopened with backoff and every querier resumes from the last
 * row it emitted.
 */
public class JdbcSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSourceTask.class);
    private static final long MAX_IDLE_WAIT_MS = 500;

    private JdbcSourceConfig config;
    private DatabaseDialect dialect;
    private ConnectionOpener opener;
    /** Failures that pass by themselves, in a row: retried up to connection.attempts times, with backoff. */
    private int transientFailures;
    private Backoff transientBackoff;
    private final PriorityQueue<TableQuerier> due =
            new PriorityQueue<>(Comparator.comparingLong(TableQuerier::nextPollAt));
    private TableQuerier current;
    /**
     * The bound on unacknowledged records is at least this many polls' worth: a task waiting at the bound resumes
     * at half, so the producer still has four polls' rows to send while the task reads the next. With two (the
     * first choice) it had one, and whenever reading a poll took longer than sending one the producer sat idle:
     * under the worker's defaults the task ran about a tenth slower than without the bound (docs/jdbc-source.md).
     */
    private static final int POLLS_AHEAD = 8;

    private volatile AcknowledgementGate unacknowledged = new AcknowledgementGate(0, 0);
    private volatile Connection connection;
    /** Guards setting and taking {@link #connection}, which the task's thread and stop()'s both do. */
    private final Object connectionLock = new Object();
    private volatile boolean running;
    /** Where connections come from; null: the database the config names. */
    private final ConnectionOpener.Source connections;

    public JdbcSourceTask() {
        this(null);
    }

    /** A task whose connections come from {@code connections}, for tests. */
    JdbcSourceTask(ConnectionOpener.Source connections) {
        this.connections = connections;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSourceConfig(props);
        dialect = DatabaseDialects.forUrl(config.url());
        opener = new ConnectionOpener(config, dialect, connections);
        // the first retry soon (a cached plan heals at once), later ones spaced out like reconnects
        transientBackoff = new Backoff(Math.min(1_000L, config.connectionBackoffMs()),
                Math.max(config.connectionBackoffMs(), 60_000L));
        running = true;
        unacknowledged = new AcknowledgementGate(config.maxUnacknowledgedRecords(),
                (int) Math.min(Integer.MAX_VALUE, (long) POLLS_AHEAD * config.batchMaxRows()));
        QuerierSettings settings = QuerierSettings.from(config);
        if (connect() == null) {
            return; // stopped while connecting
        }
        try {
            createQueriers(props, settings);
        } catch (RuntimeException e) {
            // not every runtime calls stop() after a failed start(): the connection must not outlive it
            closeConnection();
            throw e;
        }
    }

    private void createQueriers(Map<String, String> props, QuerierSettings settings) {
        warnAboutGuardLimits(settings);
        List<QueryTarget> targets = new ArrayList<>();
        try {
            if (config.isQueryMode()) {
                targets.add(QueryTarget.query(config.query(), config.queryName(), dialect, config.topicPrefix()));
            } else {
                for (TableSlice slice : TaskTables.readSlices(props)) {
                    SourceTable table = slice.table();
                    List<String> key = config.keyMode() == KeyMode.PRIMARY_KEY
                            ? dialect.primaryKey(connection, table.id())
                            : List.of();
                    targets.add(slice.isSplit()
                            ? QueryTarget.tableSlice(table, slice.keyColumn(), slice.range(), dialect,
                                    config.topicPrefix(), key)
                            : QueryTarget.table(table, dialect, config.topicPrefix(), key));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new ConnectException("Cannot read the primary keys from " + opener.safeUrl() + ": "
                    + opener.describe(e), e);
        }
        Map<Map<String, Object>, Map<String, Object>> offsets = storedOffsets(targets);
        for (QueryTarget target : targets) {
            SourceOffset offset = SourceOffset.fromMap(offsets.get(target.partition()));
            TableQuerier querier = Queriers.create(config.mode(), target, dialect, settings, offset);
            querier.scheduleAt(0);
            due.add(querier);
            LOG.info("Reading {} in {} mode from offset {} into topic {}", target.description(),
                    config.mode().configValue(), offset.isEmpty() ? "(start)" : offset.toMap(), target.topic());
        }
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

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        while (running) {
            TableQuerier querier = current != null ? current : due.peek();
            if (querier == null) {
                Thread.sleep(MAX_IDLE_WAIT_MS);
                return null;
            }
            long wait = querier.nextPollAt() - System.currentTimeMillis();
            if (current == null && wait > 0) {
                // return now and then so the worker can commit offsets and stop us
                Thread.sleep(Math.min(wait, MAX_IDLE_WAIT_MS));
                return null;
            }
            if (!unacknowledged.awaitRoom(MAX_IDLE_WAIT_MS)) {
                return null; // still at the bound on unacknowledged records: back to the worker, which asks again
            }
            try {
                Connection session = connection != null ? connection : connect();
                if (session == null) {
                    return null; // stopped while reconnecting
                }
                List<SourceRecord> records = querier.poll(session, config.batchMaxRows());
                if (querier.isQuerying()) {
                    current = querier;
                } else {
                    current = null;
                    reschedule(querier, config.pollIntervalMs());
                }
                transientFailures = 0;
                if (!records.isEmpty()) {
                    unacknowledged.handedOver(records.size());
                    return records;
                }
            } catch (SQLException e) {
                recover(querier, e);
            }
        }
        return null;
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
            return; // the next poll reconnects, with backoff, and every querier resumes from its last row
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
        querier.scheduleAt(System.currentTimeMillis() + delayMs);
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
            // a server-side cursor needs a transaction: without one the driver reads the whole result into memory
            opened.setAutoCommit(false);
            opened.setReadOnly(true);
        } catch (SQLException e) {
            try {
                opened.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new ConnectException("Cannot prepare the connection to " + opener.safeUrl() + ": "
                    + opener.describe(e), e);
        }
        synchronized (connectionLock) {
            connection = opened;
        }
        if (!running) {
            // stop() set running before it looked for the connection; this one it may have missed
            closeConnection();
            return null;
        }
        return opened;
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

    /** Both the task's thread and stop()'s close it: whichever takes it first. */
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

    @Override
    public void stop() {
        running = false;
        unacknowledged.close();
        LOG.info("Stopping: {}", unacknowledged.summary());
        // the worker calls stop() from another thread; closing the connection ends a long-running query too
        closeConnection();
    }
}
