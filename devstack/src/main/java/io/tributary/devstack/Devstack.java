package io.tributary.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local stack in one command: {@code up} starts PostgreSQL, Elasticsearch, three KRaft brokers and two
 * distributed Connect workers with the packaged plugins, deploys the pipelines of {@code configs/}, and
 * shows a live status until Ctrl-C, which stops everything. {@code down} stops a stack started elsewhere;
 * {@code status} prints one status screen; {@code reset} stops it and deletes its data.
 */
public final class Devstack {

    private static final long STATUS_INTERVAL_SECONDS = 10;

    private final StackLayout layout;

    private Devstack(StackLayout layout) {
        this.layout = layout;
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "up" : args[0];
        Devstack devstack = new Devstack(StackLayout.fromSystemProperties());
        try {
            switch (command) {
                case "up" -> devstack.up();
                case "down" -> devstack.down();
                case "status" -> devstack.status();
                case "reset" -> devstack.reset();
                case "verify" -> System.exit(devstack.verify() ? 0 : 1);
                default -> {
                    System.err.println("usage: devstack up|down|status|verify|reset (got '" + command + "')");
                    System.exit(2);
                }
            }
        } catch (RuntimeException e) {
            Progress.say("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private void up() {
        layout.createDirectories();
        List<ServerProcess> running = runningFromPidFiles();
        if (!running.isEmpty()) {
            throw new IllegalStateException("the stack is already running (" + names(running) + "); 'down' stops it");
        }
        requireFreePorts();
        Path log4j = writeNodeLogging();
        JavaCommand java = new JavaCommand(Path.of(System.getProperty("devstack.kafka.classpath",
                layout.root.resolve("devstack/target/kafka.classpath").toString())), log4j);
        LegacyDatabase database = new LegacyDatabase(layout);
        SearchServer search = new SearchServer(layout, System.getProperty("devstack.elasticsearch.version", "8.19.21"));
        KafkaNodes kafka = new KafkaNodes(layout, java);
        // what configs/ reads through the workers' env config provider: addresses and secrets stay out of the files
        ConnectWorkers connect = new ConnectWorkers(layout, java, Map.of(
                "TRIBUTARY_PG_URL", layout.postgresJdbcUrl(),
                "TRIBUTARY_PG_USER", LegacyDatabase.USER,
                "TRIBUTARY_PG_PASSWORD", LegacyDatabase.PASSWORD,
                "TRIBUTARY_ES_URL", layout.elasticsearchUrl(),
                "TRIBUTARY_MASK_SECRET", LegacyDatabase.MASK_SECRET));

        List<ServerProcess> started = new ArrayList<>();
        Workload workload = new Workload(layout, database);
        // the workload stops writing before the database it writes to goes away
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workload.close();
            stopAll(started);
        }, "devstack-stop"));
        long begin = System.nanoTime();
        try {
            ServerProcess elasticsearch = Progress.step("starting Elasticsearch (in the background)", search::start);
            started.add(elasticsearch);
            List<ServerProcess> nodes = Progress.step("formatting and starting 3 KRaft brokers", kafka::start);
            started.addAll(nodes);
            started.add(Progress.step("starting PostgreSQL (legacy database, wal_level=logical) and seeding it", database::start));
            Progress.step("waiting for the 3 brokers to form a cluster", () -> {
                kafka.awaitReady(nodes, 120);
                return null;
            });
            List<ServerProcess> workers = Progress.step("starting 2 distributed Connect workers", connect::start);
            started.addAll(workers);
            Progress.step("waiting for Elasticsearch to be yellow", () -> {
                search.awaitReady(elasticsearch, 180);
                return null;
            });
            Progress.step("waiting for both workers to be healthy", () -> {
                connect.awaitReady(workers, 180);
                return null;
            });
            Progress.step("deploying the pipelines of configs/", new Pipelines(layout)::deploy);
        } catch (RuntimeException e) {
            Progress.say("start failed: " + e.getMessage() + "; stopping what started");
            throw e;
        }
        Progress.say(String.format("stack up in %.1f s; Ctrl-C stops it", (System.nanoTime() - begin) / 1e9));
        try (StatusView view = new StatusView(layout, database); workload) {
            workload.start();
            Progress.say("legacy workload running: every 2 s an insert and an update per table, a delete every 10 s");
            System.out.print(view.urls());
            while (started.stream().anyMatch(ServerProcess::isAlive)) {
                System.out.print(view.render(started));
                System.out.flush();
                Progress.sleep(TimeUnit.SECONDS.toMillis(STATUS_INTERVAL_SECONDS));
            }
            Progress.say("every server has stopped ('down' from another shell?); leaving");
        }
    }

    private void down() {
        List<ServerProcess> running = runningFromPidFiles();
        if (running.isEmpty()) {
            Progress.say("nothing is running");
            return;
        }
        stopAll(running);
    }

    private void status() {
        List<ServerProcess> running = runningFromPidFiles();
        if (running.isEmpty()) {
            Progress.say("nothing is running; 'up' starts the stack");
            return;
        }
        try (StatusView view = new StatusView(layout, new LegacyDatabase(layout))) {
            System.out.print(view.urls());
            System.out.print(view.render(running));
        }
    }

    /**
     * Pauses the workload, gives the pipelines up to a minute to catch up, and reconciles each source
     * table with its index; true when every pair is in step.
     */
    private boolean verify() {
        if (runningFromPidFiles().isEmpty()) {
            throw new IllegalStateException("nothing is running; 'up' starts the stack");
        }
        Reconciliation reconciliation = new Reconciliation(layout, new LegacyDatabase(layout));
        Path pause = layout.state.resolve(Workload.PAUSE_FILE);
        try {
            Files.writeString(pause, "paused by verify");
            List<Reconciliation.Difference> differences = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                differences = new ArrayList<>();
                for (Reconciliation.Pair pair : Reconciliation.PIPELINES) {
                    differences.add(reconciliation.check(pair));
                }
                if (differences.stream().allMatch(Reconciliation.Difference::isClean)) {
                    break;
                }
                Progress.sleep(2_000);
            } while (System.nanoTime() < deadline);
            differences.forEach(difference -> Progress.say(difference.describe()));
            boolean clean = differences.stream().allMatch(Reconciliation.Difference::isClean);
            Progress.say(clean ? "every index is in step with its table" : "DIFFERENCES: the indices are not in step with their tables");
            return clean;
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("cannot reconcile: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(pause);
            } catch (IOException e) {
                Progress.say("could not remove " + pause + "; delete it to resume the workload");
            }
        }
    }

    private void reset() {
        down();
        if (Files.exists(layout.state)) {
            try (Stream<Path> files = Files.walk(layout.state)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + layout.state, e);
            }
        }
        Progress.say("deleted " + layout.state);
    }

    /** Workers first (they commit offsets on the way out), then brokers together, then the databases. */
    private void stopAll(List<ServerProcess> servers) {
        List<List<String>> waves = List.of(List.of("worker-"), List.of("kafka-"), List.of("elasticsearch", "postgres"));
        for (List<String> wave : waves) {
            List<ServerProcess> stopping = servers.stream()
                    .filter(ServerProcess::isAlive)
                    .filter(server -> wave.stream().anyMatch(prefix -> server.name().startsWith(prefix)))
                    .toList();
            if (stopping.isEmpty()) {
                continue;
            }
            long begin = System.nanoTime();
            stopping.parallelStream().forEach(server -> server.stop(45));
            Progress.say(String.format("stopped %s in %.1f s", names(stopping), (System.nanoTime() - begin) / 1e9));
        }
    }

    private List<ServerProcess> runningFromPidFiles() {
        if (!Files.isDirectory(layout.pids)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(layout.pids)) {
            return files.filter(file -> file.toString().endsWith(".pid"))
                    .map(ServerProcess::fromPidFile)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireFreePorts() {
        for (int port : StackLayout.allPorts()) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken by another program; the stack needs "
                        + StackLayout.allPorts());
            }
        }
    }

    private Path writeNodeLogging() {
        Path config = layout.state.resolve("log4j2-node.xml");
        try (var in = Devstack.class.getResourceAsStream("log4j2-node.xml")) {
            Files.write(config, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private static String names(List<ServerProcess> servers) {
        return String.join(", ", servers.stream().map(ServerProcess::name).toList());
    }
}
