package io.tributary.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Three KRaft nodes, each broker and controller, each its own JVM on Kafka's real entry point
 * ({@code kafka.Kafka}), with a static controller quorum. Storage is formatted once with a cluster id
 * kept in {@code .devstack/cluster.id}; later starts reuse it.
 */
final class KafkaNodes {

    private final StackLayout layout;
    private final JavaCommand java;

    KafkaNodes(StackLayout layout, JavaCommand java) {
        this.layout = layout;
        this.java = java;
    }

    List<ServerProcess> start() {
        String clusterId = clusterId();
        List<Path> configs = new ArrayList<>();
        for (int node = 1; node <= StackLayout.BROKERS; node++) {
            configs.add(writeConfig(node));
        }
        for (Path config : configs) {
            java.runToCompletion("kafka.tools.StorageTool", List.of("format", "-t", clusterId, "-c", config.toString(),
                    "--ignore-formatted"), layout.logs.resolve("kafka-format.log"));
        }
        List<ServerProcess> nodes = new ArrayList<>();
        for (int node = 1; node <= StackLayout.BROKERS; node++) {
            nodes.add(startNode(node));
        }
        return nodes;
    }

    /** Starts one node on the config and storage {@link #start} wrote: a restart after a stop or a kill. */
    ServerProcess startNode(int node) {
        Path config = layout.state.resolve("kafka-" + node).resolve("server.properties");
        return ServerProcess.start(layout, "kafka-" + node,
                java.command("kafka.Kafka", List.of(config.toString()), "-Xms256m", "-Xmx512m"), Map.of());
    }

    /** Waits until all brokers have registered with the controller quorum. */
    void awaitReady(List<ServerProcess> nodes, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                for (ServerProcess node : nodes) {
                    if (!node.isAlive()) {
                        throw new IllegalStateException(node.name() + " exited; see " + layout.logs.resolve(node.name() + ".log"));
                    }
                }
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == StackLayout.BROKERS) {
                        return;
                    }
                } catch (Exception e) {
                    // not serving yet
                }
                Progress.sleep(500);
            }
        }
        throw new IllegalStateException("the brokers did not all register within " + timeoutSeconds
                + " s; see " + layout.logs);
    }

    private String clusterId() {
        Path file = layout.state.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = java.captureOutput("kafka.tools.StorageTool", List.of("random-uuid")).trim();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeConfig(int node) {
        StringBuilder voters = new StringBuilder();
        for (int other = 1; other <= StackLayout.BROKERS; other++) {
            voters.append(other == 1 ? "" : ",").append(other).append("@127.0.0.1:").append(layout.controllerPort(other));
        }
        Path dir = layout.state.resolve("kafka-" + node);
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", Integer.toString(node));
        props.setProperty("controller.quorum.voters", voters.toString());
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + layout.brokerPort(node)
                + ",CONTROLLER://127.0.0.1:" + layout.controllerPort(node));
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + layout.brokerPort(node));
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", dir.resolve("data").toString());
        props.setProperty("num.partitions", "3");
        props.setProperty("default.replication.factor", "3");
        props.setProperty("min.insync.replicas", "2");
        props.setProperty("offsets.topic.replication.factor", "3");
        props.setProperty("transaction.state.log.replication.factor", "3");
        props.setProperty("transaction.state.log.min.isr", "2");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // connectors create their topics (topic.creation.*); a typo in a topic name must not create one
        props.setProperty("auto.create.topics.enable", "false");
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "written by the devstack launcher for node " + node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
