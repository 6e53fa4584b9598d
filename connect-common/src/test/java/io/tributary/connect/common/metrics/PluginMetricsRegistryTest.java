package io.tributary.connect.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

class PluginMetricsRegistryTest {

    /** What a Kafka 4.1+ worker's task context offers. */
    public interface WithPluginMetrics {
        PluginMetrics pluginMetrics();
    }

    /** What an older worker's task context offers: no such method. */
    public interface WithoutPluginMetrics {
        Map<String, String> configs();
    }

    @Test
    void aWorkerWithPluginMetricsHoldsTheMetricsUnderItsTagsUntilClosed() {
        Metrics workerMetrics = new Metrics();
        PluginMetricsImpl taskMetrics = new PluginMetricsImpl(workerMetrics, Map.of("connector", "shop", "task", "2"));
        WithPluginMetrics context = () -> taskMetrics;

        PluginMetricsRegistry registry = PluginMetricsRegistry.of(context, "ignored", 9);
        assertTrue(registry.inWorker());
        MetricName rows = registry.name("rows-total", "rows", Map.of("table", "public.orders"));
        Sensor sensor = registry.sensor("rows");
        sensor.add(rows, new CumulativeSum());
        sensor.record(3);
        sensor.record(4);

        MetricName expected = new MetricName("rows-total", "plugins", "rows",
                Map.of("connector", "shop", "task", "2", "table", "public.orders"));
        assertEquals(7.0, workerMetrics.metric(expected).metricValue());
        registry.close();
        assertEquals(null, workerMetrics.metric(expected), "removed at close");
        workerMetrics.close();
    }

    @Test
    void anOlderWorkerGetsTheSameNamesThroughJmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName bean = new ObjectName("kafka.connect:type=plugins,connector=legacy,task=0,table=public.orders");
        WithoutPluginMetrics context = Map::of;

        PluginMetricsRegistry registry = PluginMetricsRegistry.of(context, "legacy", 0);
        assertFalse(registry.inWorker());
        registry.add(registry.name("lag-seconds", "lag", Map.of("table", "public.orders")),
                (Measurable) (config, now) -> 42.0);

        assertEquals(42.0, server.getAttribute(bean, "lag-seconds"));
        registry.close();
        assertFalse(server.isRegistered(bean), "unregistered at close");
    }

    @Test
    void aContextWhosePluginMetricsFailFallsBackToJmx() throws Exception {
        WithPluginMetrics context = () -> {
            throw new UnsupportedOperationException("not in this runtime");
        };
        try (PluginMetricsRegistry registry = PluginMetricsRegistry.of(context, "embedded", null)) {
            assertFalse(registry.inWorker());
            registry.add(registry.name("up", "up", Map.of()), (Measurable) (config, now) -> 1.0);
            assertEquals(1.0, ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("kafka.connect:type=plugins,connector=embedded"), "up"));
        }
    }

    @Test
    void twoRegistriesMayNameTheirSensorsAlike() {
        Metrics workerMetrics = new Metrics();
        WithPluginMetrics first = () -> new PluginMetricsImpl(workerMetrics, Map.of("connector", "a", "task", "0"));
        WithPluginMetrics second = () -> new PluginMetricsImpl(workerMetrics, Map.of("connector", "a", "task", "1"));
        try (PluginMetricsRegistry one = PluginMetricsRegistry.of(first, "a", 0);
             PluginMetricsRegistry two = PluginMetricsRegistry.of(second, "a", 1)) {
            Sensor rowsOfOne = one.sensor("rows");
            Sensor rowsOfTwo = two.sensor("rows");
            assertFalse(rowsOfOne == rowsOfTwo, "one sensor per task, not shared through the worker's registry");
        }
        workerMetrics.close();
    }
}
