package io.tributary.connect.cdc;

import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.tributary.connect.common.Version;
import io.tributary.connect.common.jdbc.SqlFailure;
import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Debezium's PostgreSQL task and shapes its output. Debezium's offsets (the LSN) travel in each
 * record's source offset, so Connect's offset storage holds the position; commits are passed on so the
 * slot is advanced only past what Connect has durably written.
 *
 * <p>The task's config is the connector's own (the curated keys, {@code debezium.*} included), and the task
 * translates it for Debezium itself: Connect stores and shows task configs, and puts a config provider's
 * reference ({@code ${file:...}}) back only into keys named as in the connector's config, so a secret under a
 * renamed key would be stored resolved.
 *
 * <p>A database that does not answer at start is waited for: one attempt whenever one is due (see
 * {@link StartRetry}), poll() returning nothing in between, until {@code database.start.retry.timeout.ms}.
 */
public final class PostgresCdcSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcSourceTask.class);
    /** Longest a poll() waits for the next attempt, so the worker can pause or stop a waiting task at once. */
    private static final long MAX_WAIT_IN_POLL_MS = 1_000;

    private final Time time;
    private final LsnHeader lsns = new LsnHeader();
    private String name;
    private PostgresCdcSourceConfig config;
    private DatabaseTarget target;
    private Map<String, String> debezium;
    private HeartbeatTable heartbeat;
    private SignalTable signal;
    /** Whether this task looked for tables added to the include list, which it does once, before streaming. */
    private boolean addedTablesChecked;
    private StartRetry retry;
    private volatile PostgresConnectorTask delegate;
    private ChangeOutput output;
    private SnapshotProgress snapshots;

    public PostgresCdcSourceTask() {
        this(Time.SYSTEM);
    }

    PostgresCdcSourceTask(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        name = props.getOrDefault("name", "postgres-cdc");
        config = new PostgresCdcSourceConfig(props);
        DatabaseTarget.Result result = DatabaseTarget.from(config);
        if (result.target() == null) {
            throw new ConnectException("task of connector " + name + " cannot start: " + result.problems());
        }
        target = result.target();
        debezium = DebeziumProperties.of(config, target, name);
        heartbeat = config.heartbeatTable().orElse(null);
        signal = config.signalTable(debezium.get("slot.name")).orElse(null);
        // Debezium's PostgreSQL connector runs one task: number 0
        snapshots = new SnapshotProgress(PluginMetricsRegistry.of(context, name, 0), name, time);
        output = ChangeOutput.of(config.output(), debezium.get(DebeziumProperties.PLACEHOLDER_KEY),
                config.requireCompleteRows());
        retry = new StartRetry(time, config.startRetryTimeoutMs(), config.startRetryBackoffMaxMs());
        attemptStart();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        PostgresConnectorTask running = delegate;
        if (running == null) {
            if (!retry.due()) {
                time.sleep(Math.min(MAX_WAIT_IN_POLL_MS, retry.msUntilDue()));
                return null;
            }
            if (!attemptStart()) {
                return null;
            }
            running = delegate;
        }
        List<SourceRecord> events = running.poll();
        lsns.stamp(events);
        snapshots.observe(events);
        return output.apply(withoutOwnTableChanges(events));
    }

    /**
     * One attempt to reach the database, make sure the heartbeat table exists and start Debezium's task.
     * Answers whether it started; fails the task on a problem that waiting does not solve, or once the
     * retry timeout has passed.
     */
    private boolean attemptStart() {
        try (Connection connection = PostgresConnections.open(target, "start")) {
            if (heartbeat != null) {
                heartbeat.ensureExists(connection);
            }
            if (signal != null) {
                signal.ensureExists(connection);
            }
            if (!addedTablesChecked && config.backfillsNewTables()
                    && List.of("initial", "when_needed").contains(config.snapshotMode())) {
                AddedTables.requestBackfill(connection, name, config.tableIncludeList(),
                        debezium.get("publication.name"), signal, ownTables());
                addedTablesChecked = true;
            }
        } catch (SQLException e) {
            if (!unreachable(e)) {
                throw new ConnectException("task of connector " + name + " cannot start: PostgreSQL at "
                        + where() + " answered " + target.redact(e.getMessage()) + stateOf(e));
            }
            waitForDatabase(target.redact(e.getMessage()));
            return false;
        }
        PostgresConnectorTask task = new PostgresConnectorTask();
        task.initialize(context);
        try {
            task.start(debezium);
        } catch (RuntimeException e) {
            stopQuietly(task);
            if (databaseAnswers()) {
                throw e;
            }
            // the database went away between the check and Debezium's own connections
            waitForDatabase(target.redact(String.valueOf(e.getMessage())));
            return false;
        }
        delegate = task;
        if (retry.failures() > 0) {
            LOG.info("Task of connector {} reached PostgreSQL at {} after {} failed attempt(s) in {} s; it streams now",
                    name, where(), retry.failures(), retry.elapsedMs() / 1000);
        }
        return true;
    }

    private void waitForDatabase(String reason) {
        long timeoutMs = config.startRetryTimeoutMs();
        if (!retry.failed()) {
            throw new ConnectException("task of connector " + name + " gives up: PostgreSQL at " + where()
                    + " did not answer within " + timeoutMs + " ms (" + PostgresCdcSourceConfig.START_RETRY_TIMEOUT_MS
                    + "); last error: " + reason + ". Restart the task once the database is reachable");
        }
        LOG.warn("Task of connector {} cannot reach PostgreSQL at {} (attempt {}: {}); it stays RUNNING and tries "
                        + "again in {} ms, for up to {} ms in all ({})", name, where(), retry.failures(), reason,
                retry.msUntilDue(), timeoutMs, PostgresCdcSourceConfig.START_RETRY_TIMEOUT_MS);
    }

    private boolean databaseAnswers() {
        try (Connection connection = PostgresConnections.open(target, "start check")) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return !unreachable(e);
        }
    }

    /** The server did not answer or let us in for now: down, restarting, out of connections, or no network. */
    static boolean unreachable(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().isEmpty() || SqlFailure.of(e) == SqlFailure.CONNECTION_LOSS;
    }

    private List<String> ownTables() {
        List<String> own = new ArrayList<>();
        if (heartbeat != null) {
            own.add(heartbeat.qualifiedName());
        }
        if (signal != null) {
            own.add(signal.qualifiedName());
        }
        return own;
    }

    /** Without the change events of the heartbeat and signal tables: they are the connector's means, not data. */
    private List<SourceRecord> withoutOwnTableChanges(List<SourceRecord> records) {
        if (heartbeat == null && signal == null || records == null || records.isEmpty()) {
            return records;
        }
        if (records.stream().noneMatch(this::isOwnTableChange)) {
            return records;
        }
        List<SourceRecord> kept = new ArrayList<>(records.size());
        for (SourceRecord record : records) {
            if (!isOwnTableChange(record)) {
                kept.add(record);
            }
        }
        return kept;
    }

    private boolean isOwnTableChange(SourceRecord record) {
        String prefix = config.topicPrefix();
        return heartbeat != null && heartbeat.isChangeOf(record, prefix)
                || signal != null && signal.isChangeOf(record, prefix);
    }

    private String where() {
        return target.host() + ":" + target.port() + "/" + target.dbname();
    }

    private static String stateOf(SQLException e) {
        return e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
    }

    @Override
    public void commit() throws InterruptedException {
        PostgresConnectorTask running = delegate;
        if (running != null) {
            running.commit();
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        PostgresConnectorTask running = delegate;
        if (running != null) {
            running.commitRecord(record, metadata);
        }
    }

    @Override
    public void stop() {
        PostgresConnectorTask running = delegate;
        if (running != null) {
            running.stop();
        }
        if (output != null) {
            output.close();
        }
        if (snapshots != null) {
            snapshots.close();
        }
    }

    private static void stopQuietly(PostgresConnectorTask task) {
        try {
            task.stop();
        } catch (RuntimeException e) {
            LOG.debug("Stopping a task that did not start failed too", e);
        }
    }
}
