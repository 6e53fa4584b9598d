package io.tributary.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the stack keeps its state and which ports it serves. Everything lives under
 * {@code <repository>/.devstack/}, so {@code up} after {@code down} resumes with the same data and offsets.
 */
final class StackLayout {

    static final int BROKERS = 3;
    static final int WORKERS = 2;
    static final int FIRST_BROKER_PORT = 29092;
    static final int FIRST_CONTROLLER_PORT = 29192;
    static final int FIRST_WORKER_PORT = 28083;
    static final int POSTGRES_PORT = 25432;
    static final int ELASTICSEARCH_PORT = 29200;
    static final String DATABASE = "legacy";

    final Path root;
    final Path state;
    final Path logs;
    final Path pids;

    StackLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.state = this.root.resolve(".devstack");
        this.logs = state.resolve("logs");
        this.pids = state.resolve("pids");
    }

    static StackLayout fromSystemProperties() {
        return new StackLayout(Path.of(System.getProperty("devstack.root", ".")));
    }

    void createDirectories() {
        try {
            Files.createDirectories(logs);
            Files.createDirectories(pids);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + state, e);
        }
    }

    String bootstrapServers() {
        StringBuilder servers = new StringBuilder();
        for (int node = 1; node <= BROKERS; node++) {
            servers.append(node == 1 ? "" : ",").append("127.0.0.1:").append(brokerPort(node));
        }
        return servers.toString();
    }

    static int brokerPort(int node) {
        return FIRST_BROKER_PORT + node - 1;
    }

    static int controllerPort(int node) {
        return FIRST_CONTROLLER_PORT + node - 1;
    }

    static int workerPort(int worker) {
        return FIRST_WORKER_PORT + worker - 1;
    }

    String workerUrl(int worker) {
        return "http://127.0.0.1:" + workerPort(worker);
    }

    String elasticsearchUrl() {
        return "http://127.0.0.1:" + ELASTICSEARCH_PORT;
    }

    String postgresJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/" + DATABASE;
    }

    /** The built plugin directories that workers load through {@code plugin.path}. */
    List<Path> pluginDirectories() {
        return List.of("connect-source-jdbc", "connect-sink-elasticsearch", "connect-cdc", "smt-transforms").stream()
                .map(module -> root.resolve(module).resolve("target/plugin"))
                .toList();
    }

    /** Every port the stack serves, for the check that nothing else holds one. */
    static List<Integer> allPorts() {
        List<Integer> ports = new java.util.ArrayList<>();
        for (int node = 1; node <= BROKERS; node++) {
            ports.add(brokerPort(node));
            ports.add(controllerPort(node));
        }
        for (int worker = 1; worker <= WORKERS; worker++) {
            ports.add(workerPort(worker));
        }
        ports.add(POSTGRES_PORT);
        ports.add(ELASTICSEARCH_PORT);
        return ports;
    }
}
