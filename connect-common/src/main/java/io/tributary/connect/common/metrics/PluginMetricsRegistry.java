package io.tributary.connect.common.metrics;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one connector or task. Where the worker offers plugin metrics (KIP-877, Kafka 4.1 and newer) they
 * are registered there: the worker names them {@code kafka.connect:type=plugins,connector=...,task=...} and removes
 * them when the task stops. On an older worker (Kafka 3.x, MSK Connect, Confluent Platform 7) the same names go to
 * a registry of the plugin's own, reported through JMX under the same MBean names, and removed by {@link #close()}.
 * Either way an operator's JMX exporter rules and dashboards see one set of names.
 *
 * <p>Sensor names are global in the worker's registry, so each instance gives its sensors a unique prefix; callers
 * name sensors only within their own task.
 */
public final class PluginMetricsRegistry implements AutoCloseable {

    /** The MBean domain and group the worker gives plugin metrics. */
    public static final String JMX_DOMAIN = "kafka.connect";
    public static final String GROUP = "plugins";

    private static final Logger LOG = LoggerFactory.getLogger(PluginMetricsRegistry.class);
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final Backend backend;
    private final String sensorPrefix = "tributary-" + INSTANCES.incrementAndGet() + "-";
    private final List<String> sensors = new ArrayList<>();
    private final List<MetricName> metrics = new ArrayList<>();

    private PluginMetricsRegistry(Backend backend) {
        this.backend = backend;
    }

    /**
     * The registry of a connector or task whose Connect context is {@code context} (a ConnectorContext,
     * SourceTaskContext or SinkTaskContext; null outside a worker).
     *
     * @param connector the connector's name, for the tags of the JMX fallback
     * @param task      the task's number, or null for the connector itself; for the tags of the JMX fallback
     */
    public static PluginMetricsRegistry of(Object context, String connector, Integer task) {
        Object workerMetrics = workerPluginMetrics(context);
        if (workerMetrics != null) {
            return new PluginMetricsRegistry(WorkerMetrics.backend(workerMetrics));
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", connector);
        if (task != null) {
            tags.put("task", String.valueOf(task));
        }
        return new PluginMetricsRegistry(Backend.jmx(tags));
    }

    /**
     * Writes each task config's number under {@code key}, in order, as the worker numbers the tasks: the task tag
     * of the JMX fallback, which a task cannot learn from its context. Answers {@code taskConfigs}.
     */
    public static List<Map<String, String>> numberTasks(List<Map<String, String>> taskConfigs, String key) {
        for (int i = 0; i < taskConfigs.size(); i++) {
            taskConfigs.get(i).put(key, Integer.toString(i));
        }
        return taskConfigs;
    }

    /** The number {@link #numberTasks} wrote under {@code key}; null when there is none (an older config). */
    public static Integer taskNumber(Map<String, String> taskConfig, String key) {
        String number = taskConfig.get(key);
        try {
            return number == null ? null : Integer.valueOf(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the metrics live in the worker's registry rather than in the plugin's own. */
    public boolean inWorker() {
        return backend.worker();
    }

    /** The name of metric {@code name} with {@code tags} besides the connector's and the task's. */
    public MetricName name(String name, String description, Map<String, String> tags) {
        return backend.namer().name(name, description, new LinkedHashMap<>(tags));
    }

    /** A metric whose value {@code provider} reads when asked (a gauge or a measurable). */
    public synchronized void add(MetricName name, MetricValueProvider<?> provider) {
        backend.adder().accept(name, provider);
        metrics.add(name);
    }

    /** A new sensor; {@code name} need only be unique within this registry. */
    public synchronized Sensor sensor(String name) {
        String unique = sensorPrefix + name;
        Sensor sensor = backend.sensors().apply(unique);
        sensors.add(unique);
        return sensor;
    }

    /** Removes every metric and sensor this registry added. */
    @Override
    public synchronized void close() {
        try {
            for (MetricName name : metrics) {
                backend.remover().accept(name);
            }
            for (String sensor : sensors) {
                backend.sensorRemover().accept(sensor);
            }
        } catch (RuntimeException e) {
            // a worker that already closed the task's plugin metrics removed them itself
            LOG.debug("Removing plugin metrics: {}", e.toString());
        } finally {
            metrics.clear();
            sensors.clear();
            backend.closer().run();
        }
    }

    /**
     * The context's PluginMetrics, found by reflection: on a worker older than Kafka 4.1 neither the method nor the
     * type exists, and naming them in this class would fail its loading there.
     */
    private static Object workerPluginMetrics(Object context) {
        if (context == null) {
            return null;
        }
        try {
            return accessor(context.getClass()).invoke(context);
        } catch (NoSuchMethodException e) {
            LOG.info("This worker has no plugin metrics (KIP-877, Kafka 4.1+); Tributary's metrics are registered "
                    + "through JMX under the same names");
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.info("This runtime offers no plugin metrics ({}); Tributary's metrics are registered through JMX "
                    + "under the same names", cause.toString());
            return null;
        }
    }

    /**
     * pluginMetrics() as a public interface declares it: the worker's implementing classes may not be public.
     */
    private static Method accessor(Class<?> type) throws NoSuchMethodException {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Class<?> contract : current.getInterfaces()) {
                try {
                    return contract.getMethod("pluginMetrics");
                } catch (NoSuchMethodException e) {
                    // not this interface
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + ".pluginMetrics()");
    }

    /**
     * The worker's plugin metrics as a backend. A class of its own, loaded only where the worker has plugin metrics
     * (Kafka 4.1+): it is the only one that names their type, so older workers never load it.
     */
    private static final class WorkerMetrics {
        static Backend backend(Object workerMetrics) {
            var m = (org.apache.kafka.common.metrics.PluginMetrics) workerMetrics;
            // the worker owns and closes its registry
            return new Backend(true, m::metricName, m::addMetric, m::removeMetric, m::addSensor, m::removeSensor,
                    () -> { });
        }
    }

    /** Names metrics in a backend's registry. */
    private interface Namer {
        MetricName name(String name, String description, LinkedHashMap<String, String> tags);
    }

    /**
     * Where the metrics go: the worker's plugin metrics (Connect 4.1 and later) or a registry of the plugin's own,
     * reported through JMX as the worker would report plugin metrics.
     */
    private record Backend(boolean worker, Namer namer, BiConsumer<MetricName, MetricValueProvider<?>> adder,
            Consumer<MetricName> remover, Function<String, Sensor> sensors, Consumer<String> sensorRemover,
            Runnable closer) {

        static Backend jmx(LinkedHashMap<String, String> ownerTags) {
            Metrics m = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                    new KafkaMetricsContext(JMX_DOMAIN));
            Namer namer = (name, description, tags) -> {
                LinkedHashMap<String, String> all = new LinkedHashMap<>(ownerTags);
                all.putAll(tags);
                return m.metricName(name, GROUP, description, all);
            };
            return new Backend(false, namer, m::addMetric, m::removeMetric, m::sensor, m::removeSensor, m::close);
        }
    }
}
