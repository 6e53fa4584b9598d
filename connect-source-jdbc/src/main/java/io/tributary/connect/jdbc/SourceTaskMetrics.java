package io.tributary.connect.jdbc;

import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Meter;

/**
 * The JDBC source task's metrics (listed in docs/jdbc-source.md): per table or query, rows and polls, query time,
 * how far the task is behind the table and how long the in-flight guard has held it; per task, reconnects and
 * records handed to Connect and not yet acknowledged. The reader thread records; the reporter reads volatile values.
 */
final class SourceTaskMetrics implements AutoCloseable {

    private final PluginMetricsRegistry registry;
    private final Sensor reconnects;

    SourceTaskMetrics(PluginMetricsRegistry registry, IntSupplier unacknowledged) {
        this.registry = registry;
        reconnects = registry.sensor("reconnects");
        reconnects.add(registry.name("reconnects-total", "Connections to the database opened again after one was "
                + "lost or refused", Map.of()), new CumulativeCount());
        registry.add(registry.name("unacknowledged-records", "Records read (queued for Connect or handed to it) and "
                + "not yet acknowledged by Kafka (bounded by max.unacknowledged.records)", Map.of()),
                (Gauge<Integer>) (config, now) -> unacknowledged.getAsInt());
    }

    /** The metrics of one table, key range of a table, or query, tagged with its source partition. */
    Table table(Map<String, Object> partition, String behindUnit, TableCondition heldBack) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        partition.forEach((key, value) -> tags.put(key, String.valueOf(value)));
        return new Table(tags, behindUnit, heldBack);
    }

    void reconnected() {
        reconnects.record();
    }

    @Override
    public void close() {
        registry.close();
    }

    final class Table {
        private final Sensor rows;
        private final Sensor polls;
        private final Sensor queryTime;
        private volatile double behind = Double.NaN;

        private Table(Map<String, String> tags, String behindUnit, TableCondition heldBack) {
            String id = String.join("/", tags.values());
            rows = registry.sensor("rows:" + id);
            rows.add(new Meter(name("rows-rate", "Rows read per second", tags),
                    name("rows-total", "Rows read and handed to Connect", tags)));
            polls = registry.sensor("polls:" + id);
            polls.add(new Meter(name("polls-rate", "Queries run per second", tags),
                    name("polls-total", "Queries run (a query's rows may take several poll() calls)", tags)));
            queryTime = registry.sensor("query-time:" + id);
            queryTime.add(name("query-time-ms-avg", "Time from sending a query to its first batch of rows, "
                    + "in milliseconds", tags), new Avg());
            queryTime.add(name("query-time-ms-max", "Longest time from sending a query to its first batch of "
                    + "rows, in milliseconds", tags), new Max());
            if (behindUnit != null) {
                registry.add(name("behind-" + behindUnit, "How far the rows handed over are behind the newest the "
                        + "table held when the last query began, in " + behindUnit + "; 0 once a query read up to "
                        + "its bound; NaN when unknown", tags), (Gauge<Double>) (config, now) -> behind);
            }
            registry.add(name("held-back-seconds", "How long the in-flight guard has been holding the table back "
                    + "(0 when it is not)", tags), (Gauge<Double>) (config, now) -> heldBack.episodeMsNow() / 1000.0);
            registry.add(name("held-back-time-seconds-total", "Time the in-flight guard has held the table back in "
                    + "all, in seconds", tags), (Gauge<Double>) (config, now) -> heldBack.totalMs() / 1000.0);
            registry.add(name("held-back-polls-total", "Queries that the in-flight guard stopped early or did not "
                    + "run", tags), (Gauge<Long>) (config, now) -> heldBack.queries());
        }

        private MetricName name(String metric, String description, Map<String, String> tags) {
            return registry.name(metric, description, tags);
        }

        /**
         * After one poll of the table: {@code queries} statements were run (0 or 1) taking {@code queryNanos},
         * {@code rowCount} rows were read, and the table is {@code behindNow} behind.
         */
        void polled(long queries, long queryNanos, int rowCount, double behindNow) {
            if (queries > 0) {
                polls.record(queries);
                queryTime.record(queryNanos / 1_000_000.0);
            }
            if (rowCount > 0) {
                rows.record(rowCount);
            }
            behind = behindNow;
        }
    }
}
