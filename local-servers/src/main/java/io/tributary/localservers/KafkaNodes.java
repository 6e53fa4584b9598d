package io.tributary.localservers;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * KRaft nodes, each broker and controller, each its own JVM on Kafka's real entry point
 * ({@code kafka.Kafka}), with a static controller quorum. Storage is formatted once with a cluster id kept
 * in a file; later starts reuse it, so a restarted cluster keeps its topics and offsets.
 */
public final class KafkaNodes {

    /** One node: its id (1, 2, ...), its client and controller ports, and the directory of its config and data. */
    public record Node(int id, int brokerPort, int controllerPort, Path directory) {

        Path config() {
            return directory.resolve("server.properties");
        }

        String name() {
            return "kafka-" + id;
        }
    }

    private final List<Node> nodes;
    private final JavaCommand java;
    private final ServerFiles files;
    private final Path clusterIdFile;

    private boolean formatInProcess;

    public KafkaNodes(List<Node> nodes, JavaCommand java, ServerFiles files, Path clusterIdFile) {
        this.nodes = List.copyOf(nodes);
        this.java = java;
        this.files = files;
        this.clusterIdFile = clusterIdFile;
    }

    public String bootstrapServers() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.brokerPort()).collect(Collectors.joining(","));
    }

    /** Writes every node's config, formats the storage not formatted yet, and starts every node. */
    public List<ServerProcess> start() {
        String clusterId = clusterId();
        for (Node node : nodes) {
            writeConfig(node);
        }
        // a node formatted by an earlier start keeps its storage
        for (Node node : nodes) {
            if (!Files.exists(node.directory().resolve("data").resolve("meta.properties"))) {
                format(node, clusterId);
            }
        }
        List<ServerProcess> started = new ArrayList<>();
        for (Node node : nodes) {
            started.add(startNode(node.id()));
        }
        return started;
    }

    /**
     * Formats storage with the StorageTool of this JVM's classpath instead of a JVM per node, which saves a JVM
     * start per node. Only where this JVM runs the very Kafka the nodes run (the devstack launcher does): storage
     * formatted by another version may not start.
     */
    public KafkaNodes withInProcessFormat() {
        this.formatInProcess = true;
        return this;
    }

    /** Formats a node's storage with Kafka's StorageTool, in this JVM if asked and possible, else in its own. */
    private void format(Node node, String clusterId) {
        List<String> args = List.of("format", "-t", clusterId, "-c", node.config().toString(), "--ignore-formatted");
        Path log = files.log("kafka-format-" + node.id());
        Method execute = null;
        if (formatInProcess) {
            try {
                execute = Class.forName("kafka.tools.StorageTool")
                        .getMethod("execute", String[].class, PrintStream.class);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                execute = null;
            }
        }
        if (execute == null) {
            java.runToCompletion("kafka.tools.StorageTool", args, log);
            return;
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            Object exit = execute.invoke(null, args.toArray(new String[0]), out);
            if (!Integer.valueOf(0).equals(exit)) {
                throw new IllegalStateException("formatting " + node.name() + " exited with " + exit + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("formatting " + node.name() + " failed: " + e.getCause()
                    + "; see " + log, e.getCause());
        }
    }

    /** Starts one node on the config and storage {@link #start} wrote: a restart after a stop or a kill. */
    public ServerProcess startNode(int id) {
        Node node = nodes.get(id - 1);
        return ServerProcess.start(node.name(),
                java.command("kafka.Kafka", List.of(node.config().toString()), "-Xms128m", "-Xmx384m"),
                Map.of(), files.log(node.name()), files.pidFile(node.name()));
    }

    /** Waits until all brokers have registered with the controller quorum. */
    public void awaitReady(List<ServerProcess> running, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                for (ServerProcess node : running) {
                    if (!node.isAlive()) {
                        throw new IllegalStateException(node.name() + " exited; see " + files.log(node.name()));
                    }
                }
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == nodes.size()) {
                        return;
                    }
                } catch (Exception e) {
                    // not serving yet
                }
                ServerProcess.sleep(500);
            }
        }
        throw new IllegalStateException("the brokers did not all register within " + timeoutSeconds
                + " s; see " + files.logs());
    }

    private String clusterId() {
        try {
            if (Files.exists(clusterIdFile)) {
                return Files.readString(clusterIdFile).trim();
            }
            String id = Uuid.randomUuid().toString(); // what 'kafka-storage random-uuid' prints
            Files.writeString(clusterIdFile, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeConfig(Node node) {
        String voters = nodes.stream().map(other -> other.id() + "@127.0.0.1:" + other.controllerPort())
                .collect(Collectors.joining(","));
        String replication = Integer.toString(Math.min(nodes.size(), 3));
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", Integer.toString(node.id()));
        props.setProperty("controller.quorum.voters", voters);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort()
                + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", node.directory().resolve("data").toString());
        props.setProperty("num.partitions", "3");
        props.setProperty("default.replication.factor", replication);
        props.setProperty("min.insync.replicas", Integer.toString(Math.min(nodes.size(), 2)));
        props.setProperty("offsets.topic.replication.factor", replication);
        props.setProperty("transaction.state.log.replication.factor", replication);
        props.setProperty("transaction.state.log.min.isr", Integer.toString(Math.min(nodes.size(), 2)));
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // connectors create their topics (topic.creation.*); a typo in a topic name must not create one
        props.setProperty("auto.create.topics.enable", "false");
        try {
            Files.createDirectories(node.directory());
            try (var out = Files.newBufferedWriter(node.config())) {
                props.store(out, "written by the local-servers launcher for node " + node.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
