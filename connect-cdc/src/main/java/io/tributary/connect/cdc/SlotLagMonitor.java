package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, logs and publishes how much WAL the slot retains. A slot nobody advances makes the server
 * keep WAL until its disk fills; this number is the early warning.
 */
final class SlotLagMonitor implements AutoCloseable {

    static final String METRIC = "slot-retained-wal-bytes";

    private static final Logger LOG = LoggerFactory.getLogger(SlotLagMonitor.class);

    private final DatabaseTarget target;
    private final ReplicationSlot slot;
    private final PluginMetrics metrics;
    private final MetricName metricName;
    private final ScheduledExecutorService scheduler;
    // NaN until measured, and when the slot is gone: a stale number would hide a problem
    private volatile double retained = Double.NaN;
    private Connection connection;

    private SlotLagMonitor(DatabaseTarget target, ReplicationSlot slot, PluginMetrics metrics) {
        this.target = target;
        this.slot = slot;
        this.metrics = metrics;
        this.metricName = metrics == null ? null : metrics.metricName(METRIC,
                "Bytes of WAL that PostgreSQL retains for the connector's replication slot", new LinkedHashMap<>());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-cdc-slot-lag-" + slot.slotName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts measuring every {@code intervalMs}; {@code metrics} may be null where the runtime offers none. */
    static SlotLagMonitor start(DatabaseTarget target, ReplicationSlot slot, PluginMetrics metrics, long intervalMs) {
        SlotLagMonitor monitor = new SlotLagMonitor(target, slot, metrics);
        if (metrics != null) {
            metrics.addMetric(monitor.metricName, (Measurable) (config, now) -> monitor.retained);
        }
        monitor.scheduler.scheduleWithFixedDelay(monitor::measure, Math.min(intervalMs, 5_000), intervalMs,
                TimeUnit.MILLISECONDS);
        return monitor;
    }

    double retainedWalBytes() {
        return retained;
    }

    private void measure() {
        try {
            if (connection == null || !connection.isValid(5)) {
                closeConnection();
                connection = PostgresConnections.open(target, "slot lag");
            }
            OptionalLong bytes = slot.retainedWalBytes(connection);
            if (bytes.isPresent()) {
                retained = bytes.getAsLong();
                LOG.info("Replication slot {} retains {} bytes of WAL", slot.slotName(), bytes.getAsLong());
            } else {
                retained = Double.NaN;
                LOG.info("Replication slot {} does not exist yet; the task creates it when it starts streaming",
                        slot.slotName());
            }
        } catch (SQLException | RuntimeException e) {
            retained = Double.NaN;
            closeConnection();
            LOG.warn("Cannot measure the lag of replication slot {}: {}", slot.slotName(),
                    target.redact(e.getMessage()));
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being thrown away
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        if (metrics != null) {
            metrics.removeMetric(metricName);
        }
    }
}
