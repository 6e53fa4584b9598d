package io.tributary.devstack;

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
 * Two distributed Connect workers, each its own JVM on Kafka's real entry point
 * ({@code ConnectDistributed}), configured from {@code configs/worker/connect-distributed.properties},
 * loading our packaged plugins through {@code plugin.path} with classloader isolation as in production.
 */
final class ConnectWorkers {

    private final StackLayout layout;
    private final JavaCommand java;
    private final Map<String, String> secrets;

    /** {@code secrets}: environment of the workers, which connector configs read as {@code ${env:NAME}}. */
    ConnectWorkers(StackLayout layout, JavaCommand java, Map<String, String> secrets) {
        this.layout = layout;
        this.java = java;
        this.secrets = secrets;
    }

    List<ServerProcess> start() {
        List<Path> missing = layout.pluginDirectories().stream().filter(dir -> !Files.isDirectory(dir)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("plugins are not built: " + missing + "; run mvn -B install -DskipTests first");
        }
        List<ServerProcess> workers = new ArrayList<>();
        for (int worker = 1; worker <= StackLayout.WORKERS; worker++) {
            workers.add(startWorker(worker));
        }
        return workers;
    }

    /** Starts one worker (again, after a stop or a kill: it rejoins the group and takes its share of tasks). */
    ServerProcess startWorker(int worker) {
        Path config = writeConfig(worker);
        return ServerProcess.start(layout, "worker-" + worker,
                java.command("org.apache.kafka.connect.cli.ConnectDistributed", List.of(config.toString()),
                        "-Xms128m", "-Xmx512m"),
                secrets);
    }

    /** Waits until every worker answers {@code GET /health} with 200. */
    void awaitReady(List<ServerProcess> workers, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int worker = 1; worker <= workers.size(); worker++) {
            awaitReady(worker, workers.get(worker - 1), deadline, timeoutSeconds);
        }
    }

    /** Waits until one worker answers {@code GET /health} with 200. */
    void awaitReady(int worker, ServerProcess process, long timeoutSeconds) {
        awaitReady(worker, process, System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds), timeoutSeconds);
    }

    private void awaitReady(int worker, ServerProcess process, long deadline, long timeoutSeconds) {
        process.awaitHttpOk(URI.create(layout.workerUrl(worker) + "/health"), deadline,
                process.name() + " exited; see " + layout.logs.resolve(process.name() + ".log"),
                process.name() + " was not healthy within " + timeoutSeconds + " s");
    }

    private Path writeConfig(int worker) {
        Properties props = new Properties();
        Path shared = layout.root.resolve("configs/worker/connect-distributed.properties");
        try (var in = Files.newBufferedReader(shared)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shared, e);
        }
        int port = layout.workerPort(worker);
        props.setProperty("bootstrap.servers", layout.bootstrapServers());
        props.setProperty("listeners", "http://127.0.0.1:" + port);
        props.setProperty("rest.advertised.host.name", "127.0.0.1");
        props.setProperty("rest.advertised.port", Integer.toString(port));
        props.setProperty("plugin.path", layout.pluginDirectories().stream().map(Path::toString).collect(Collectors.joining(",")));
        Path dir = layout.state.resolve("worker-" + worker);
        Path config = dir.resolve("worker.properties");
        try {
            Files.createDirectories(dir);
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "configs/worker/connect-distributed.properties plus worker " + worker + "'s own settings");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
