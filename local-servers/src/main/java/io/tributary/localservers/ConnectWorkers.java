package io.tributary.localservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Distributed Connect workers, each its own JVM on Kafka's real entry point ({@code ConnectDistributed}),
 * loading plugins through {@code plugin.path} with classloader isolation as in production: the workers'
 * classpath ({@link JavaCommand}) must not hold those plugins.
 */
public final class ConnectWorkers {

    /**
     * One worker: its id (1, 2, ...), its REST port, the directory of its config, and the port of its Prometheus
     * endpoint (0: none).
     */
    public record Worker(int id, int port, Path directory, int metricsPort) {

        public Worker(int id, int port, Path directory) {
            this(id, port, directory, 0);
        }

        /** The Prometheus endpoint, e.g. {@code http://127.0.0.1:8183/metrics}; null without one. */
        public String metricsUrl() {
            return metricsPort == 0 ? null : "http://127.0.0.1:" + metricsPort + "/metrics";
        }

        /** The REST address, e.g. {@code http://127.0.0.1:8083}. */
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** The id it goes by in the REST API's status ({@code worker_id}): its advertised host and port. */
        public String workerId() {
            return "127.0.0.1:" + port;
        }

        String name() {
            return "worker-" + id;
        }
    }

    private final List<Worker> workers;
    private final Properties shared;
    private final String bootstrapServers;
    private final List<Path> pluginPath;
    private final Map<String, String> environment;
    private final JavaCommand java;
    private final ServerFiles files;
    private MetricsAgent agent;

    /**
     * The Prometheus JMX exporter as a Java agent of each worker that has a metrics port: {@code jar} the agent,
     * {@code rules} its configuration (which MBeans become which series).
     */
    public record MetricsAgent(Path jar, Path rules) {
    }

    /**
     * {@code shared}: the settings every worker has (group, internal topics, converters); each worker adds
     * its address, {@code bootstrapServers} and {@code pluginPath}. {@code environment}: what the workers'
     * env config provider hands connector configs as {@code ${env:NAME}}.
     */
    public ConnectWorkers(List<Worker> workers, Properties shared, String bootstrapServers, List<Path> pluginPath,
                          Map<String, String> environment, JavaCommand java, ServerFiles files) {
        this.workers = List.copyOf(workers);
        this.shared = shared;
        this.bootstrapServers = bootstrapServers;
        this.pluginPath = List.copyOf(pluginPath);
        this.environment = Map.copyOf(environment);
        this.java = java;
        this.files = files;
    }

    /** Runs {@code metricsAgent} in every worker started from now on that has a metrics port. */
    public ConnectWorkers withMetricsAgent(MetricsAgent metricsAgent) {
        this.agent = metricsAgent;
        return this;
    }

    public List<ServerProcess> start() {
        List<ServerProcess> started = new ArrayList<>();
        for (Worker worker : workers) {
            started.add(startWorker(worker.id()));
        }
        return started;
    }

    /** Starts one worker (again, after a stop or a kill: it rejoins the group and takes its share of tasks). */
    public ServerProcess startWorker(int id) {
        Worker worker = workers.get(id - 1);
        Path config = writeConfig(worker);
        List<String> jvmOptions = new ArrayList<>(List.of("-Xms128m", "-Xmx512m"));
        if (agent != null && worker.metricsPort() > 0) {
            jvmOptions.add("-javaagent:" + agent.jar() + "=127.0.0.1:" + worker.metricsPort() + ":" + agent.rules());
        }
        return ServerProcess.start(worker.name(),
                java.command("org.apache.kafka.connect.cli.ConnectDistributed", List.of(config.toString()),
                        jvmOptions.toArray(new String[0])),
                environment, files.log(worker.name()), files.pidFile(worker.name()));
    }

    /** Waits until every worker answers {@code GET /health} with 200. */
    public void awaitReady(List<ServerProcess> running, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int id = 1; id <= running.size(); id++) {
            awaitReady(id, running.get(id - 1), deadline, timeoutSeconds);
        }
    }

    /** Waits until one worker answers {@code GET /health} with 200. */
    public void awaitReady(int id, ServerProcess process, long timeoutSeconds) {
        awaitReady(id, process, System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds), timeoutSeconds);
    }

    private void awaitReady(int id, ServerProcess process, long deadline, long timeoutSeconds) {
        process.awaitHttpOk(URI.create(workers.get(id - 1).url() + "/health"), deadline,
                () -> process.name() + " exited; see " + files.log(process.name()),
                () -> process.name() + " was not healthy within " + timeoutSeconds + " s");
    }

    private Path writeConfig(Worker worker) {
        Properties props = new Properties();
        props.putAll(shared);
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("listeners", worker.url());
        props.setProperty("rest.advertised.host.name", "127.0.0.1");
        props.setProperty("rest.advertised.port", Integer.toString(worker.port()));
        props.setProperty("plugin.path", pluginPath.stream().map(Path::toString).collect(Collectors.joining(",")));
        Path config = worker.directory().resolve("worker.properties");
        try {
            Files.createDirectories(worker.directory());
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "the shared worker settings plus worker " + worker.id() + "'s own");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
