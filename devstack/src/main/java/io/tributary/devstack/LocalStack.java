package io.tributary.devstack;

import io.tributary.localservers.ConnectWorkers;
import io.tributary.localservers.ElasticsearchLauncher;
import io.tributary.localservers.JavaCommand;
import io.tributary.localservers.KafkaNodes;
import io.tributary.localservers.Ports;
import io.tributary.localservers.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The servers of one stack, in the order they start: Elasticsearch first (the slowest, it starts in the
 * background), the three KRaft nodes, PostgreSQL, then the two workers once the brokers form a cluster.
 * {@link #close} stops them in waves: workers first (they commit offsets on the way out), then the brokers,
 * then the databases. The launcher runs one on {@code .devstack/}; end-to-end tests and the latency bench
 * run one on an {@link StackLayout#isolated} layout.
 */
final class LocalStack implements AutoCloseable {

    static final String FILE_PROVIDER_ALLOWED_PATHS = "config.providers.file.param.allowed.paths";
    /** The secrets directory of the repository, which compose mounts at the shared file's allowed path. */
    static final String SECRETS = "configs/worker/secrets";

    private final StackLayout layout;
    private final DevstackBuild build;
    private final LegacyDatabase database;
    private final KafkaNodes kafka;
    /** What {@link #deploy} waits for before the sinks: set by {@link #start}. */
    private Runnable awaitSearch = () -> { };
    private final ConnectWorkers connect;
    /** Written by the starting thread, read by a shutdown hook. */
    private final List<ServerProcess> started = new CopyOnWriteArrayList<>();
    private final ServerProcess[] brokers = new ServerProcess[StackLayout.BROKERS];
    private final ServerProcess[] workers = new ServerProcess[StackLayout.WORKERS];

    LocalStack(StackLayout layout, DevstackBuild build) {
        this.layout = layout;
        this.build = build;
        this.database = new LegacyDatabase(layout);
        JavaCommand java = new JavaCommand(build.classpath(), layout.state.resolve("log4j2-node.xml"), QUICK_START);
        // the launcher runs the brokers' own Kafka (devstack's dependencies), so it can format their storage itself
        this.kafka = new KafkaNodes(layout.kafkaNodes(), java, layout.files(), layout.state.resolve("cluster.id"))
                .withInProcessFormat();
        this.connect = new ConnectWorkers(layout.workers(), sharedWorkerSettings(layout), layout.bootstrapServers(),
                build.pluginPath(), workerEnvironment(layout), java, layout.files());
        build.metricsAgent(layout.root).ifPresentOrElse(connect::withMetricsAgent,
                () -> Progress.say("the workers run without a Prometheus endpoint: " + DevstackBuild.METRICS_AGENT
                        + " is not in devstack/target/agents (mvn -B install -DskipTests copies it)"));
    }

    /**
     * {@code configs/worker/connect-distributed.properties}, which the compose file's workers read too; the
     * file config provider's one allowed path is the container's, so here it is the directory compose mounts
     * there, {@code configs/worker/secrets/}, where it is.
     */
    /**
     * JVM options of the brokers, the workers and the format tool: on a laptop's two cores the servers' start is
     * bound by CPU, and most of it goes to the optimising JIT compiler and to parallel GC threads, which a
     * development stack's light load never pays back. Tiered compilation stops at C1, and the serial collector
     * runs with these small heaps.
     */
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static Properties sharedWorkerSettings(StackLayout layout) {
        Properties props = new Properties();
        Path shared = layout.root.resolve("configs/worker/connect-distributed.properties");
        try (var in = Files.newBufferedReader(shared)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shared, e);
        }
        props.setProperty(FILE_PROVIDER_ALLOWED_PATHS, layout.root.resolve(SECRETS).toString());
        return props;
    }

    /** What the build hands the launcher as system properties (see {@link DevstackBuild}). */
    static LocalStack fromSystemProperties(StackLayout layout) {
        return new LocalStack(layout, DevstackBuild.fromSystemProperties(layout.root));
    }

    /** What configs/ reads through the workers' env config provider: addresses and secrets stay out of the files. */
    static Map<String, String> workerEnvironment(StackLayout layout) {
        return Map.of(
                "TRIBUTARY_PG_URL", layout.postgresJdbcUrl(),
                "TRIBUTARY_PG_USER", LegacyDatabase.USER,
                "TRIBUTARY_PG_PASSWORD", LegacyDatabase.PASSWORD,
                "TRIBUTARY_ES_URL", layout.elasticsearchUrl(),
                "TRIBUTARY_MASK_SECRET", LegacyDatabase.MASK_SECRET);
    }

    StackLayout layout() {
        return layout;
    }

    LegacyDatabase database() {
        return database;
    }

    /** Starts every server and waits until each serves; on failure the caller's {@link #close} stops what started. */
    void start() {
        layout.createDirectories();
        requireFreePorts();
        writeNodeLogging();
        ElasticsearchLauncher search = new ElasticsearchLauncher(build.elasticsearchHome(),
                layout.state.resolve("elasticsearch"), layout.elasticsearchPort(),
                Path.of(System.getProperty("java.home")), List.of())
                // C1 only, as QUICK_START (Elasticsearch chooses its own collector), and the heap's pages touched
                // as they are used rather than all 512 MB at start
                .withJavaOptions("-Xms512m -Xmx512m -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch");
        Path searchLog = layout.files().log("elasticsearch");
        ServerProcess elasticsearch = Progress.step("starting Elasticsearch (in the background)",
                () -> search.start("elasticsearch", searchLog, layout.files().pidFile("elasticsearch")));
        started.add(elasticsearch);
        // PostgreSQL starts and is seeded while the brokers start and form their cluster: neither needs the other
        CompletableFuture<ServerProcess> legacy = CompletableFuture.supplyAsync(() -> Progress.step(
                "starting PostgreSQL (legacy database, wal_level=logical) and seeding it", database::start),
                task -> new Thread(task, "postgres-start").start());
        List<ServerProcess> nodes = List.of();
        RuntimeException failure = null;
        try {
            nodes = Progress.step("starting 3 KRaft brokers (formatting new storage)", kafka::start);
            for (int node = 1; node <= nodes.size(); node++) {
                brokers[node - 1] = nodes.get(node - 1);
            }
            started.addAll(nodes);
            List<ServerProcess> cluster = nodes;
            Progress.step("waiting for the 3 brokers to form a cluster", () -> {
                kafka.awaitReady(cluster, 120);
                return null;
            });
            Progress.step("creating Connect's internal topics and the pipelines' dead-letter and sink topics", () -> {
                List<NewTopic> topics = new ArrayList<>(AheadTopics.internal(sharedWorkerSettings(layout)));
                List<Map<String, String>> configs = new Pipelines(layout).configs();
                topics.addAll(AheadTopics.deadLetter(configs));
                topics.addAll(AheadTopics.sinkInputs(configs));
                return AheadTopics.create(layout.bootstrapServers(), topics);
            });
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            started.add(legacy.join()); // even when the brokers failed: close() must stop it
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<ServerProcess> both = Progress.step("starting 2 distributed Connect workers", connect::start);
        for (int worker = 1; worker <= both.size(); worker++) {
            workers[worker - 1] = both.get(worker - 1);
        }
        started.addAll(both);
        // Elasticsearch, the slowest to start, is waited for only before the sink connectors are deployed
        awaitSearch = () -> Progress.step("waiting for Elasticsearch to be yellow", () -> {
            search.awaitYellow(elasticsearch, searchLog, Duration.ofSeconds(180));
            return null;
        });
        Progress.step("waiting for both workers to be healthy", () -> {
            connect.awaitReady(both, 180);
            return null;
        });
    }

    /**
     * Deploys every connector file of configs/ingest, configs/etl and configs/cdc, the sinks once Elasticsearch is
     * yellow; answers their names.
     */
    List<String> deploy() {
        Runnable search = awaitSearch;
        return Progress.step("deploying the pipelines of configs/", () -> new Pipelines(layout).deploy(search));
    }

    ServerProcess broker(int node) {
        return brokers[node - 1];
    }

    ServerProcess worker(int worker) {
        return workers[worker - 1];
    }

    /** Starts a broker again (after a kill, say) and waits until all three are registered. */
    ServerProcess restartBroker(int node) {
        if (brokers[node - 1].isAlive()) {
            throw new IllegalStateException("kafka-" + node + " still runs");
        }
        ServerProcess process = kafka.startNode(node);
        started.add(process);
        brokers[node - 1] = process;
        kafka.awaitReady(List.of(brokers), 120);
        return process;
    }

    /** Starts a worker again (after a kill, say) and waits until it is healthy; it rejoins the group. */
    ServerProcess restartWorker(int worker) {
        if (workers[worker - 1].isAlive()) {
            throw new IllegalStateException("worker-" + worker + " still runs");
        }
        ServerProcess process = connect.startWorker(worker);
        started.add(process);
        workers[worker - 1] = process;
        connect.awaitReady(worker, process, 180);
        return process;
    }

    /** Every server this stack started, running or not. */
    List<ServerProcess> servers() {
        return List.copyOf(started);
    }

    @Override
    public void close() {
        stopAll(started);
    }

    /** Workers first (they commit offsets on the way out), then brokers together, then the databases. */
    static void stopAll(List<ServerProcess> servers) {
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

    static String names(List<ServerProcess> servers) {
        return String.join(", ", servers.stream().map(ServerProcess::name).toList());
    }

    private void requireFreePorts() {
        for (int port : layout.allPorts()) {
            if (!Ports.isFree(port)) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken by another program; "
                        + "the stack needs " + layout.allPorts());
            }
        }
    }

    private void writeNodeLogging() {
        Path config = layout.state.resolve("log4j2-node.xml");
        try (var in = LocalStack.class.getResourceAsStream("log4j2-node.xml")) {
            Files.write(config, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
