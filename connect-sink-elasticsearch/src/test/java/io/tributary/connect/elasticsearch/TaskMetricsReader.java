package io.tributary.connect.elasticsearch;

import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.utils.Time;

/**
 * A task's metrics registered as a Kafka 4.1+ worker registers them (KIP-877 plugin metrics in a registry of the
 * worker's, which this holds instead), and read back by name.
 */
final class TaskMetricsReader implements AutoCloseable {

    /** What a worker's task context offers. */
    public interface WorkerContext {
        PluginMetrics pluginMetrics();
    }

    private final Metrics registry;
    private final SinkTaskMetrics metrics;

    TaskMetricsReader(Time time) {
        registry = new Metrics(new MetricConfig(), List.of(), time);
        PluginMetricsImpl taskMetrics = new PluginMetricsImpl(registry,
                Map.of("connector", "orders-sink", "task", "0"));
        WorkerContext context = () -> taskMetrics;
        metrics = new SinkTaskMetrics(PluginMetricsRegistry.of(context, "orders-sink", 0));
    }

    SinkTaskMetrics metrics() {
        return metrics;
    }

    /** The value of metric {@code name} with tags {@code tags} (as key, value, ...) besides the task's. */
    double value(String name, String... tags) {
        KafkaMetric metric = metric(name, tags);
        if (metric == null) {
            throw new AssertionError("no metric " + name + " " + List.of(tags));
        }
        return ((Number) metric.metricValue()).doubleValue();
    }

    /** The metric {@code name} with tags {@code tags} besides the task's, or null when none is registered. */
    KafkaMetric metric(String name, String... tags) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("connector", "orders-sink");
        all.put("task", "0");
        for (int i = 0; i < tags.length; i += 2) {
            all.put(tags[i], tags[i + 1]);
        }
        return registry.metric(new MetricName(name, PluginMetricsRegistry.GROUP, "", all));
    }

    /** Every metric registered now. */
    Map<MetricName, KafkaMetric> all() {
        return Map.copyOf(registry.metrics());
    }

    @Override
    public void close() {
        metrics.close();
        registry.close();
    }
}
