package io.tributary.connect.cdc;

import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows copied per table by the initial and incremental snapshots (change events with {@code op} "r"): the
 * metric {@code snapshot-rows-total} per table, a log line per table at most every {@link #LOG_INTERVAL_MS} while
 * its rows arrive, and one when Debezium marks a table's last initial-snapshot row. Debezium's own snapshot
 * metrics give the tables' count and what remains; its rows per table are a map no JMX exporter reads.
 */
final class SnapshotProgress implements AutoCloseable {

    static final String METRIC = "snapshot-rows-total";
    static final long LOG_INTERVAL_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgress.class);

    private final PluginMetricsRegistry metrics;
    private final String connector;
    private final Time time;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    private static final class Table {
        private volatile long rows;
        private long rowsLogged;
        private long firstMs;
        private long loggedMs;
    }

    SnapshotProgress(PluginMetricsRegistry metrics, String connector, Time time) {
        this.metrics = metrics;
        this.connector = connector;
        this.time = time;
    }

    void observe(List<SourceRecord> events) {
        if (events == null) {
            return;
        }
        long now = -1;
        for (SourceRecord event : events) {
            if (!(event.value() instanceof Struct value) || value.schema().field("op") == null
                    || !"r".equals(value.get("op")) || value.schema().field("source") == null
                    || !(value.get("source") instanceof Struct source)) {
                continue;
            }
            if (now < 0) {
                now = time.milliseconds();
            }
            String name = source.get("schema") + "." + source.get("table");
            Table table = tables.computeIfAbsent(name, this::register);
            if (table.rows == 0) {
                table.firstMs = now;
                table.loggedMs = now;
            }
            table.rows++;
            Object marker = source.schema().field("snapshot") == null ? null : source.get("snapshot");
            if ("last_in_data_collection".equals(marker) || "last".equals(marker)) {
                LOG.info("Connector {} copied table {}: {} rows in {} s", connector, name, table.rows,
                        (now - table.firstMs) / 1000);
                table.rowsLogged = table.rows;
                table.loggedMs = now;
            } else if (now - table.loggedMs >= LOG_INTERVAL_MS) {
                LOG.info("Connector {} is copying table {} ({} snapshot): {} rows so far, {} in the last {} s",
                        connector, name, "incremental".equals(marker) ? "incremental" : "initial", table.rows,
                        table.rows - table.rowsLogged, (now - table.loggedMs) / 1000);
                table.rowsLogged = table.rows;
                table.loggedMs = now;
            }
        }
    }

    /** Rows of the table copied by snapshots since this task started; 0 for a table not seen. */
    long rows(String table) {
        Table seen = tables.get(table);
        return seen == null ? 0 : seen.rows;
    }

    private Table register(String name) {
        Table table = new Table();
        metrics.add(metrics.name(METRIC, "Rows of the table copied by the initial and incremental snapshots since "
                + "the task started", Map.of("table", name)), (Measurable) (config, now) -> table.rows);
        return table;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
