package io.tributary.devstack;

import io.tributary.localservers.ConnectWorkers;
import io.tributary.localservers.KafkaNodes;
import io.tributary.localservers.Ports;
import io.tributary.localservers.ServerFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the stack keeps its state and which ports it serves. The stack {@code up} starts lives under
 * {@code <repository>/.devstack/} on the fixed ports the README lists, so {@code up} after {@code down}
 * resumes with the same data and offsets. {@link #isolated} gives a second stack (an end-to-end test's, a
 * bench's) its own state directory and free ports, so it never meets a developer's running devstack.
 */
final class StackLayout {

    static final int BROKERS = 3;
    static final int WORKERS = 2;
    static final String DATABASE = "legacy";

    private static final int FIRST_BROKER_PORT = 29092;
    private static final int FIRST_CONTROLLER_PORT = 29192;
    private static final int FIRST_WORKER_PORT = 28083;
    /** The workers' Prometheus endpoints. */
    private static final int FIRST_METRICS_PORT = 28183;
    private static final int POSTGRES_PORT = 25432;
    private static final int ELASTICSEARCH_PORT = 29200;

    final Path root;
    final Path state;
    final Path logs;
    final Path pids;
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    private final int[] workerPorts;
    private final int[] metricsPorts;
    private final int postgresPort;
    private final int elasticsearchPort;

    /** The developer's stack: {@code .devstack/} and the documented ports. */
    StackLayout(Path root) {
        this(root, root.toAbsolutePath().normalize().resolve(".devstack"),
                consecutive(FIRST_BROKER_PORT, BROKERS), consecutive(FIRST_CONTROLLER_PORT, BROKERS),
                consecutive(FIRST_WORKER_PORT, WORKERS), consecutive(FIRST_METRICS_PORT, WORKERS), POSTGRES_PORT,
                ELASTICSEARCH_PORT);
    }

    private StackLayout(Path root, Path state, int[] brokerPorts, int[] controllerPorts, int[] workerPorts,
                        int[] metricsPorts, int postgresPort, int elasticsearchPort) {
        this.root = root.toAbsolutePath().normalize();
        this.state = state.toAbsolutePath().normalize();
        this.logs = this.state.resolve("logs");
        this.pids = this.state.resolve("pids");
        this.brokerPorts = brokerPorts;
        this.controllerPorts = controllerPorts;
        this.workerPorts = workerPorts;
        this.metricsPorts = metricsPorts;
        this.postgresPort = postgresPort;
        this.elasticsearchPort = elasticsearchPort;
    }

    static StackLayout fromSystemProperties() {
        return new StackLayout(Path.of(System.getProperty("devstack.root", ".")));
    }

    /** A stack of its own: state in {@code state}, and every port one the system hands out as free now. */
    static StackLayout isolated(Path root, Path state) {
        int count = 2 * BROKERS + 2 * WORKERS + 2;
        int[] ports = Ports.free(count);
        int[] brokers = Arrays.copyOfRange(ports, 0, BROKERS);
        int[] controllers = Arrays.copyOfRange(ports, BROKERS, 2 * BROKERS);
        int[] workers = Arrays.copyOfRange(ports, 2 * BROKERS, 2 * BROKERS + WORKERS);
        int[] metrics = Arrays.copyOfRange(ports, 2 * BROKERS + WORKERS, 2 * BROKERS + 2 * WORKERS);
        return new StackLayout(root, state, brokers, controllers, workers, metrics, ports[count - 2],
                ports[count - 1]);
    }

    private static int[] consecutive(int first, int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = first + i;
        }
        return ports;
    }

    /** Written by {@code down} while it stops the stack, so that a running {@code up} leaves quietly. */
    Path stoppingMarker() {
        return state.resolve("stopping");
    }

    /** Each server's log and pid file, which {@code down} from another shell reads. */
    ServerFiles files() {
        return new ServerFiles(logs, pids);
    }

    void createDirectories() {
        files().createDirectories();
    }

    /** The KRaft nodes, each with its config and data in {@code kafka-<n>/}. */
    List<KafkaNodes.Node> kafkaNodes() {
        List<KafkaNodes.Node> nodes = new ArrayList<>();
        for (int node = 1; node <= BROKERS; node++) {
            Path dir = state.resolve("kafka-" + node);
            nodes.add(new KafkaNodes.Node(node, brokerPort(node), controllerPort(node), dir));
        }
        return nodes;
    }

    /** The Connect workers, each with its config in {@code worker-<n>/}. */
    List<ConnectWorkers.Worker> workers() {
        List<ConnectWorkers.Worker> workers = new ArrayList<>();
        for (int worker = 1; worker <= WORKERS; worker++) {
            workers.add(new ConnectWorkers.Worker(worker, workerPort(worker), state.resolve("worker-" + worker),
                    metricsPorts[worker - 1]));
        }
        return workers;
    }

    String bootstrapServers() {
        StringBuilder servers = new StringBuilder();
        for (int node = 1; node <= BROKERS; node++) {
            servers.append(node == 1 ? "" : ",").append("127.0.0.1:").append(brokerPort(node));
        }
        return servers.toString();
    }

    int brokerPort(int node) {
        return brokerPorts[node - 1];
    }

    int controllerPort(int node) {
        return controllerPorts[node - 1];
    }

    int workerPort(int worker) {
        return workerPorts[worker - 1];
    }

    int postgresPort() {
        return postgresPort;
    }

    int elasticsearchPort() {
        return elasticsearchPort;
    }

    String workerUrl(int worker) {
        return workers().get(worker - 1).url();
    }

    /** The id a worker goes by in the REST API's status ({@code worker_id}): its advertised host and port. */
    String workerId(int worker) {
        return workers().get(worker - 1).workerId();
    }

    String elasticsearchUrl() {
        return "http://127.0.0.1:" + elasticsearchPort;
    }

    String postgresJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + DATABASE;
    }

    /** Every port the stack serves, for the check that nothing else holds one. */
    List<Integer> allPorts() {
        List<Integer> ports = new ArrayList<>();
        for (int node = 1; node <= BROKERS; node++) {
            ports.add(brokerPort(node));
            ports.add(controllerPort(node));
        }
        for (int worker = 1; worker <= WORKERS; worker++) {
            ports.add(workerPort(worker));
            ports.add(metricsPorts[worker - 1]);
        }
        ports.add(postgresPort);
        ports.add(elasticsearchPort);
        return ports;
    }
}
