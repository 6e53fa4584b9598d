package io.tributary.connect.cdc;

import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, logs and publishes how much WAL the slot retains, its {@code wal_status} and its
 * {@code safe_wal_size}. A slot nobody advances makes the server keep WAL until its disk fills (or, with
 * {@code max_slot_wal_keep_size}, until the server invalidates the slot); these numbers are the early warning.
 */
final class SlotLagMonitor implements AutoCloseable {

    static final String METRIC = "slot-retained-wal-bytes";
    static final String WAL_STATUS_METRIC = "slot-wal-status";
    static final String SAFE_WAL_SIZE_METRIC = "slot-safe-wal-size-bytes";

    private static final Logger LOG = LoggerFactory.getLogger(SlotLagMonitor.class);

    private final DatabaseTarget target;
    private final ReplicationSlot slot;
    private final PluginMetricsRegistry metrics;
    private final MetricName metricName;
    private final MetricName walStatusName;
    private final MetricName safeWalSizeName;
    private final String connectorName;
    private final ScheduledExecutorService scheduler;
    // NaN until measured, and when the slot is gone: a stale number would hide a problem
    private volatile double retained = Double.NaN;
    private volatile String walStatus;
    private volatile double safeWalSize = Double.NaN;
    private Connection connection;

    private SlotLagMonitor(DatabaseTarget target, ReplicationSlot slot, PluginMetricsRegistry metrics,
                           String connectorName) {
        this.target = target;
        this.slot = slot;
        this.metrics = metrics;
        this.connectorName = connectorName;
        this.metricName = metrics.name(METRIC,
                "Bytes of WAL that PostgreSQL retains for the connector's replication slot", Map.of());
        this.walStatusName = metrics.name(WAL_STATUS_METRIC,
                "wal_status of the connector's replication slot: reserved, extended, unreserved or lost (PostgreSQL "
                        + "13+); null while the slot does not exist or cannot be read", Map.of());
        this.safeWalSizeName = metrics.name(SAFE_WAL_SIZE_METRIC,
                "Bytes of WAL that can still be written before the slot is in danger of being invalidated "
                        + "(safe_wal_size, PostgreSQL 13+); NaN when max_slot_wal_keep_size is unlimited", Map.of());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-cdc-slot-lag-" + slot.slotName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts measuring every {@code intervalMs}, publishing to {@code metrics} (the worker's plugin metrics, or the
     * same names through JMX on a worker without them); {@link #close} removes them.
     */
    static SlotLagMonitor start(DatabaseTarget target, ReplicationSlot slot, PluginMetricsRegistry metrics,
                                long intervalMs, String connectorName) {
        SlotLagMonitor monitor = new SlotLagMonitor(target, slot, metrics, connectorName);
        metrics.add(monitor.metricName, (Measurable) (config, now) -> monitor.retained);
        metrics.add(monitor.walStatusName, (Gauge<String>) (config, now) -> monitor.walStatus);
        metrics.add(monitor.safeWalSizeName, (Measurable) (config, now) -> monitor.safeWalSize);
        monitor.scheduler.scheduleWithFixedDelay(monitor::measure, Math.min(intervalMs, 5_000), intervalMs,
                TimeUnit.MILLISECONDS);
        return monitor;
    }

    double retainedWalBytes() {
        return retained;
    }

    String walStatus() {
        return walStatus;
    }

    private void measure() {
        try {
            if (connection == null || !connection.isValid(5)) {
                closeConnection();
                connection = PostgresConnections.open(target, "slot lag");
            }
            Optional<WalRetention.SlotState> state = ReplicationSlot.state(connection, slot.slotName());
            if (state.isPresent()) {
                record(state.get());
            } else {
                forget();
                LOG.info("Replication slot {} does not exist yet; the task creates it when it starts streaming",
                        slot.slotName());
            }
        } catch (SQLException | RuntimeException e) {
            forget();
            closeConnection();
            LOG.warn("Cannot measure the lag of replication slot {}: {}", slot.slotName(),
                    target.redact(e.getMessage()));
        }
    }

    private void record(WalRetention.SlotState state) {
        String previous = walStatus;
        retained = state.retainedWalBytes() == null ? Double.NaN : state.retainedWalBytes();
        walStatus = state.walStatus();
        safeWalSize = state.safeWalSizeBytes() == null ? Double.NaN : state.safeWalSizeBytes();
        if ("lost".equals(state.walStatus())) {
            LOG.error("Connector {}: {}", connectorName, WalRetention.lostMessage(connectorName, slot.slotName()));
        } else if ("unreserved".equals(state.walStatus())) {
            LOG.warn("Replication slot {} retains {} bytes of WAL, more than max_slot_wal_keep_size (wal_status "
                    + "unreserved): PostgreSQL invalidates it at the next checkpoint unless the connector catches up",
                    slot.slotName(), state.retainedWalBytes());
        } else {
            LOG.info("Replication slot {} retains {} bytes of WAL (wal_status {}, safe_wal_size {})", slot.slotName(),
                    state.retainedWalBytes(), state.walStatus(), state.safeWalSizeBytes() == null ? "unlimited"
                            : state.safeWalSizeBytes() + " bytes");
        }
        if (previous != null && !previous.equals(state.walStatus())) {
            LOG.info("Replication slot {}: wal_status changed from {} to {}", slot.slotName(), previous,
                    state.walStatus());
        }
    }

    private void forget() {
        retained = Double.NaN;
        walStatus = null;
        safeWalSize = Double.NaN;
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
        metrics.close();
    }
}
