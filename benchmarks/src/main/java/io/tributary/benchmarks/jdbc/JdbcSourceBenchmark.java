package io.tributary.benchmarks.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.benchmarks.ThreadCpu;
import io.tributary.connect.jdbc.JdbcSourceConnector;
import io.tributary.connect.testkit.Backend;
import io.tributary.connect.testkit.ConnectClient;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.PostgresServer;
import io.tributary.connect.testkit.TestServers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end throughput of the JDBC source: a table of N rows through a Connect worker into a topic
 * (JsonConverter with schemas), with the recommended producer overrides and with bare defaults, beside
 * the raw limit measured in the same run (JDBC streaming read, Jackson, KafkaProducer with linger 10 ms,
 * 256 KB batches, acks=all, no compression). The connector also runs with exactly the raw side's producer
 * settings ("same-as-raw"), so the comparison holds with and without lz4. Both sides are warmed up once, then
 * measured in {@code rounds} interleaved rounds (raw, recommended, defaults, ...), so a busy machine slows all alike.
 *
 * <p>Each run is timed the same way for both sides by a watcher that polls the topic's end offset: from
 * the start command (connector created / raw reader started) to the last record acknowledged ("total"),
 * and from the first record in the topic to the last ("streaming", which leaves out the worker's
 * rebalance and task start-up). CPU per row is the CPU time of the threads that move the rows: for
 * the connector its task thread (the converter, {@code producer.send}), its reader thread
 * ({@code tributary-jdbc-reader-*}: the queries, decoding rows into records; see docs/jdbc-source.md, "Pipelined
 * reading") and its producer's I/O thread, each also shown on its own; for the raw side the reading thread
 * (which reads, converts and sends: shown as main, its reader column is 0) and its producer's I/O thread.
 *
 * <p>Run: {@code java -Xms512m -Xmx512m [-Dbench.partitions=N] [-Dbench.brokers=N] [-Dbench.replication=R]
 * -Djava.io.tmpdir=$PWD/benchmarks/target/jdbc-bench-tmp -cp benchmarks/target/benchmarks.jar
 * io.tributary.benchmarks.jdbc.JdbcSourceBenchmark 1000000 [rounds, default 3]
 * [extra variants: inflight5,unbounded,parallel2] [--tasks 1,2,4]}. {@code --tasks} adds, after the rounds, the
 * initial load of a table of -Dbench.loadRows rows (default 10,000,000) with initial.load.parallel and each
 * number of tasks ({@link InitialLoadBenchmark}).
 * Diagnostics: {@code -Dbench.threads=true} prints each run's CPU per row by thread group (and PostgreSQL's,
 * and the JVM's own: GC, JIT) and the worker producer's request metrics; {@code -Dbench.variants=a,b} runs
 * only those variants; {@code -Dbench.connector.KEY=VALUE} adds a setting to every connector;
 * {@code -Dbench.dropLogPages=false} keeps earlier runs' Kafka logs in the page cache (see {@link #DROP_LOG_PAGES}).
 */
public final class JdbcSourceBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The raw side's producer settings (linger 10 ms, 256 KB batches; acks=all is the worker's own). */
    static final Map<String, String> SAME_AS_RAW = Map.of(
            "producer.override.linger.ms", "10",
            "producer.override.batch.size", "262144");

    /** What docs/jdbc-source.md and configs/ingest recommend: the raw side's settings plus lz4. */
    static final Map<String, String> RECOMMENDED = Map.of(
            "producer.override.linger.ms", "10",
            "producer.override.batch.size", "262144",
            "producer.override.compression.type", "lz4");

    /**
     * Variants measured on request (third argument): each adds its settings to the recommended ones and to
     * the bare defaults, as "recommended-NAME" and "defaults-NAME".
     */
    private static final Map<String, Map<String, String>> EXTRA_VARIANTS = Map.of(
            // the worker's producer has idempotence off and one request in flight; the raw side's has it on and five
            "inflight5", Map.of("producer.override.enable.idempotence", "true",
                    "producer.override.max.in.flight.requests.per.connection", "5"),
            // the task without its bound on unacknowledged records, as before it had one
            "unbounded", Map.of("max.unacknowledged.records", "0"),
            // the table's existing rows read by two tasks in id ranges (what docs/jdbc-source.md describes for the
            // first load of a big table); the table is new to every run, so each run is such a load
            "parallel2", Map.of("initial.load.parallel", "true", "tasks.max", "2"),
            // rows per round trip of the task's cursor, against the default
            "fetch1k", Map.of("fetch.size", "1000"),
            "fetch2k", Map.of("fetch.size", "2000"),
            "fetch10k", Map.of("fetch.size", "10000"));

    private static final String RAW = "raw";
    /**
     * Partitions of every topic, raw and connector alike (-Dbench.partitions, default 1). Rows are keyed by
     * their primary key on both sides, so they spread alike. It matters for the worker's producer: one
     * request in flight carries at most one batch per partition, so with bare defaults (16 KB batches)
     * more partitions mean more rows per round trip.
     */
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 1);
    /**
     * Brokers of the cluster (-Dbench.brokers, default 1) and replication factor of every topic
     * (-Dbench.replication, default 1). With several brokers the partitions' leaders spread over them, and the
     * worker's producer keeps one request in flight per broker, not one in all.
     */
    private static final int BROKERS = Integer.getInteger("bench.brokers", 1);
    private static final short REPLICATION = Integer.getInteger("bench.replication", 1).shortValue();
    private static final long SETTLE_MS = 3_000;
    /** -Dbench.connector.KEY=VALUE: KEY=VALUE added to every variant's connector config, e.g. to sweep a setting. */
    private static final Map<String, String> CONNECTOR_SETTINGS = new java.util.TreeMap<>();

    static {
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("bench.connector."))
                .forEach(key -> CONNECTOR_SETTINGS.put(key.substring("bench.connector.".length()),
                        System.getProperty(key)));
    }
    /**
     * -Dbench.dropLogPages (default true): before each run, write out the page cache's dirty pages ({@code sync})
     * and drop the cached pages of the earlier runs' Kafka log segments ({@code dd ... oflag=nocache count=0},
     * i.e. posix_fadvise DONTNEED; no root needed). On this machine (a VM) the kernel pays ~2.5 ms of system
     * time per MB written into page-cache pages it has not used before and ~0.2 ms into recycled ones; with
     * every run's ~1 GB of logs kept cached, each round wrote into fresh pages and the broker's request
     * handlers slowed both sides from about the third run on (measured: docs/jdbc-source.md).
     */
    private static final boolean DROP_LOG_PAGES =
            Boolean.parseBoolean(System.getProperty("bench.dropLogPages", "true"));
    /** -Dbench.threads=true: print every thread group's CPU per row after each run. */
    private static final boolean THREAD_BREAKDOWN = Boolean.getBoolean("bench.threads");

    private JdbcSourceBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        // --tasks 1,2,4 anywhere: after the rounds, the initial load of a -Dbench.loadRows table with N tasks
        List<String> positional = new ArrayList<>();
        List<Integer> loadTasks = null;
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i].equals("--tasks") && i + 1 < arguments.length) {
                loadTasks = InitialLoadBenchmark.parseTasks(arguments[++i]);
            } else {
                positional.add(arguments[i]);
            }
        }
        String[] args = positional.toArray(String[]::new);
        int loadRows = Integer.getInteger("bench.loadRows", 10_000_000);
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> extras = args.length > 2 && !args[2].isBlank() ? List.of(args[2].split(",")) : List.of();
        Path work = Path.of(System.getProperty("bench.dir", "benchmarks/target/jdbc-bench")).toAbsolutePath();
        Files.createDirectories(work);
        if (System.getProperty("tributary.work.dir") == null) {
            System.setProperty("tributary.work.dir", work.toString());
        }
        System.out.printf("JDBC source benchmark: %,d rows, %d round(s), %d partition(s), %d broker(s), replication %d,"
                        + " backend %s, %d CPUs, work dir %s%n", rows, rounds, PARTITIONS, BROKERS, REPLICATION,
                Backend.selected(), Runtime.getRuntime().availableProcessors(), work);

        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("same-as-raw", SAME_AS_RAW);
        variants.put("recommended", RECOMMENDED);
        for (String extra : extras) {
            Map<String, String> overrides = new HashMap<>(RECOMMENDED);
            overrides.putAll(EXTRA_VARIANTS.get(extra.trim()));
            variants.put("recommended-" + extra.trim(), overrides);
        }
        variants.put("defaults", Map.of());
        for (String extra : extras) {
            variants.put("defaults-" + extra.trim(), EXTRA_VARIANTS.get(extra.trim()));
        }
        String only = System.getProperty("bench.variants"); // -Dbench.variants=defaults,recommended: run only these
        if (only != null && !only.isBlank()) {
            variants.keySet().retainAll(List.of(only.split(",")));
        }

        try (PostgresServer postgres = TestServers.postgres()) {
            PostgresDatabase database = postgres.createDatabase("jdbc_bench");
            try (Connection connection = database.connect()) {
                long started = System.nanoTime();
                BenchTable.create(connection, rows);
                System.out.printf("table filled in %.1f s%n", (System.nanoTime() - started) / 1e9);
            }
            try (KafkaConnectCluster cluster = TestServers.kafkaConnect("jdbc-bench", BROKERS, 1)) {
                if (Backend.selected() == Backend.LOCAL) {
                    System.out.printf("NOTE: the Connect worker and the broker run inside this benchmark JVM"
                            + " (max heap %d MiB, shared with the raw producer); the issue's 512 MB worker heap"
                            + " is not enforced on its own:"
                            + " run with -Xmx512m to hold worker, broker and raw side together to it.%n",
                            Runtime.getRuntime().maxMemory() >> 20);
                }
                run(cluster, database, rows, rounds, variants);
                if (loadTasks != null) {
                    try (Connection connection = database.connect()) {
                        long started = System.nanoTime();
                        BenchTable.create(connection, loadRows);
                        System.out.printf("%ntable of %,d rows for the initial load filled in %.1f s%n", loadRows,
                                (System.nanoTime() - started) / 1e9);
                    }
                    InitialLoadBenchmark.run(cluster, database, loadRows, loadTasks);
                }
            }
        }
    }

    private static void run(KafkaConnectCluster cluster, PostgresDatabase database, int rows, int rounds,
                            Map<String, Map<String, String>> variants) throws Exception {
        String bootstrap = cluster.bootstrapServers();
        ConnectClient connect = cluster.connect();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Bench bench = new Bench(admin, bootstrap, connect, database, rows);
            // warm-up: every side and variant runs once unmeasured, so none is timed while the JIT compiles its
            // path (the defaults' small batches take producer paths the other variants hardly use). Run with
            // -Xms equal to -Xmx: while the heap was still growing, round 1 of the defaults ran at 0.41-0.48
            // of raw and round 2 at 0.63-0.77 (4 and 8 partitions); with a fixed heap both rounds ran alike
            bench.raw("warmup");
            for (Map.Entry<String, Map<String, String>> variant : variants.entrySet()) {
                bench.connector("warmup-" + variant.getKey(), variant.getValue());
            }

            Map<String, List<Result>> results = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                results.computeIfAbsent(RAW, k -> new ArrayList<>()).add(bench.raw("r" + round));
                for (Map.Entry<String, Map<String, String>> variant : variants.entrySet()) {
                    results.computeIfAbsent(variant.getKey(), k -> new ArrayList<>())
                            .add(bench.connector(variant.getKey() + "-r" + round, variant.getValue()));
                }
            }

            System.out.println();
            System.out.printf("%-36s %11s %7s %11s %7s %9s %9s %9s %9s %9s %9s%n", "run", "total r/s", "ratio",
                    "stream r/s", "ratio", "cpu us/r", "main/task", "reader", "prod-io", "proc us/r", "first s");
            for (int round = 0; round < rounds; round++) {
                Result raw = results.get(RAW).get(round);
                for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
                    print(entry.getValue().get(round), raw);
                }
            }
            System.out.println("median over rounds:");
            Result rawMedian = median(RAW, results.get(RAW));
            for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
                print(median(entry.getKey(), entry.getValue()), rawMedian);
            }
            System.out.println("ratio = rows/s over the raw limit of the same round; cpu us/r = task(main)"
                    + " + reader + producer I/O threads; main/task = raw's reading thread or the Connect task"
                    + " thread; reader = the task's tributary-jdbc-reader thread (raw: none);"
                    + " proc us/r = whole JVM (broker, worker, GC) over the run; first s = seconds from the"
                    + " connector's creation (raw: the start) to its first record in the topic");
            System.out.println("targets: recommended >= 1.25 of raw with proc us/r <= 1.1 x raw's,"
                    + " defaults >= 0.70 of raw, first record <= 0.3 s");
            variants.forEach((label, overrides) -> System.out.println(label + " = "
                    + new java.util.TreeMap<>(overrides)));
            if (!CONNECTOR_SETTINGS.isEmpty()) {
                System.out.println("every variant also: " + CONNECTOR_SETTINGS);
            }
        }
    }

    private static void print(Result r, Result raw) {
        System.out.printf("%-36s %,11.0f %7.2f %,11.0f %7.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%n", r.label(),
                r.totalRowsPerSecond(), r.totalRowsPerSecond() / raw.totalRowsPerSecond(),
                r.streamRowsPerSecond(), r.streamRowsPerSecond() / raw.streamRowsPerSecond(),
                r.mainCpuMicrosPerRow() + r.readerCpuMicrosPerRow() + r.ioCpuMicrosPerRow(), r.mainCpuMicrosPerRow(),
                r.readerCpuMicrosPerRow(), r.ioCpuMicrosPerRow(), r.processCpuMicrosPerRow(),
                r.firstRecordSeconds());
    }

    private static Result median(String label, List<Result> results) {
        return new Result(label,
                medianOf(results, Result::totalRowsPerSecond), medianOf(results, Result::streamRowsPerSecond),
                medianOf(results, Result::mainCpuMicrosPerRow), medianOf(results, Result::readerCpuMicrosPerRow),
                medianOf(results, Result::ioCpuMicrosPerRow), medianOf(results, Result::processCpuMicrosPerRow),
                medianOf(results, Result::firstRecordSeconds));
    }

    private static double medianOf(List<Result> results, java.util.function.ToDoubleFunction<Result> value) {
        double[] values = results.stream().mapToDouble(value).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** One side of the comparison, measured the same way for raw and connector. */
    private static final class Bench {
        private final Admin admin;
        private final String bootstrap;
        private final ConnectClient connect;
        private final PostgresDatabase database;
        private final int rows;

        Bench(Admin admin, String bootstrap, ConnectClient connect, PostgresDatabase database, int rows) {
            this.admin = admin;
            this.bootstrap = bootstrap;
            this.connect = connect;
            this.database = database;
            this.rows = rows;
        }

        Result raw(String round) throws Exception {
            String label = "raw-" + round;
            String topic = label;
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, REPLICATION))).all().get(60, TimeUnit.SECONDS);
            String reader = Thread.currentThread().getName();
            Predicate<String> main = name -> name.equals(reader);
            Predicate<String> io = name -> name.startsWith("kafka-producer-network-thread | producer-");
            // the raw producer's I/O thread ends when the producer closes: take the CPU of both threads before
            Map<Long, Long>[] beforeClose = new Map[1];
            try (Connection connection = database.connect()) {
                return timed(label, topic, () -> RawJdbcToKafka.run(connection, bootstrap, topic, valueSchema(),
                        () -> beforeClose[0] = ThreadCpu.snapshot(main.or(io))), () -> beforeClose[0], main,
                        name -> false, io);
            }
        }

        Result connector(String label, Map<String, String> overrides) throws Exception {
            String name = "tributary-" + label;
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", JdbcSourceConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("connection.url", database.jdbcUrl());
            config.put("connection.user", database.user());
            config.put("connection.password", database.password());
            config.put("mode", "incrementing");
            config.put("incrementing.column.name", "id");
            config.put("table.include.list", "public\\." + BenchTable.NAME);
            config.put("topic.prefix", name + ".");
            config.put("topic.creation.default.replication.factor", Short.toString(REPLICATION));
            config.put("topic.creation.default.partitions", Integer.toString(PARTITIONS));
            CONNECTOR_SETTINGS.forEach(config::put);
            config.putAll(overrides);
            String topic = name + "." + BenchTable.NAME;
            // created before the clock starts, as the raw side's topic is
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, REPLICATION))).all().get(60, TimeUnit.SECONDS);
            // Connect names them task-thread-<connector>-0 and
            // kafka-producer-network-thread | connector-producer-<connector>-0; the task its reader
            // tributary-jdbc-reader-<connector>-0
            Predicate<String> task = thread -> thread.startsWith("task-thread-" + name + "-");
            Predicate<String> reader = thread -> thread.startsWith("tributary-jdbc-reader-" + name + "-");
            Predicate<String> io = thread -> thread.startsWith("kafka-producer-network-thread")
                    && thread.contains(name + "-");
            Result result = timed(name, topic, () -> {
                connect.createConnector(name, config);
                return null;
            }, null, task, reader, io);
            if (THREAD_BREAKDOWN) {
                printProducerMetrics("connector-producer-" + name + "-0");
            }
            connect.deleteConnector(name);
            connect.awaitDeleted(name, Duration.ofMinutes(1));
            // the worker rebalances after a deletion; a connector created during that waits ~0.5 s longer for
            // its task, which would be charged to whichever variant comes next
            Thread.sleep(SETTLE_MS);
            return result;
        }

        private Result timed(String label, String topic, Callable<?> start,
                             java.util.function.Supplier<Map<Long, Long>> cpuAtEnd,
                             Predicate<String> main, Predicate<String> reader, Predicate<String> io)
                throws Exception {
            if (DROP_LOG_PAGES) {
                dropKafkaLogPages();
            }
            // every thread, by id: the worker's pooled threads take a task's name only while they run it
            Map<Long, Long> cpuBefore = ThreadCpu.snapshot(name -> true);
            long processCpuBefore = processCpuNanos();
            long postgresCpuBefore = THREAD_BREAKDOWN ? ProcThreads.postgresCpuNanos() : 0;
            Map<String, long[]> kernelBefore = THREAD_BREAKDOWN ? ProcThreads.snapshot() : null;
            EndOffsetWatcher watcher = new EndOffsetWatcher(admin, topic, rows);
            long started = System.nanoTime();
            watcher.start();
            start.call();
            watcher.join(TimeUnit.MINUTES.toMillis(30));
            if (watcher.last == 0) {
                throw new IllegalStateException(topic + " did not reach " + rows + " records in 30 minutes");
            }
            // the reader thread is still alive here: the connector is deleted after the measurement
            Map<Long, Long> cpuAfter = cpuAtEnd != null ? cpuAtEnd.get() : ThreadCpu.snapshot(main.or(reader).or(io));
            long processCpu = processCpuNanos() - processCpuBefore;
            if (THREAD_BREAKDOWN) {
                printThreadBreakdown(label, rows, cpuBefore, ThreadCpu.snapshot(name -> true), processCpu);
                System.out.printf("    %-70s %6.2f%n", "PostgreSQL server processes (outside this JVM)",
                        (ProcThreads.postgresCpuNanos() - postgresCpuBefore) / 1e3 / rows);
                ProcThreads.print(kernelBefore, ProcThreads.snapshot(), rows);
            }
            long mainCpu = ThreadCpu.between(cpuBefore, cpuAfter, main);
            long readerCpu = ThreadCpu.between(cpuBefore, cpuAfter, reader);
            long ioCpu = ThreadCpu.between(cpuBefore, cpuAfter, io);
            Result result = new Result(label, rows / ((watcher.last - started) / 1e9),
                    (rows - 1) / ((watcher.last - watcher.first) / 1e9),
                    mainCpu / 1e3 / rows, readerCpu / 1e3 / rows, ioCpu / 1e3 / rows, processCpu / 1e3 / rows,
                    (watcher.first - started) / 1e9);
            System.out.printf("%-28s %,d rows: total %.2f s (%,.0f rows/s), first record after %.2f s,"
                            + " streaming %,.0f rows/s,"
                            + " CPU/row %.2f us task/main + %.2f us reader (+ %.2f us producer I/O), JVM %.2f us%n",
                    label, rows, (watcher.last - started) / 1e9, result.totalRowsPerSecond(),
                    result.firstRecordSeconds(), result.streamRowsPerSecond(), result.mainCpuMicrosPerRow(),
                    result.readerCpuMicrosPerRow(), result.ioCpuMicrosPerRow(), result.processCpuMicrosPerRow());
            return result;
        }
    }

    /** Polls a partition's end offset; notes when the first record and the last one were acknowledged. */
    private static final class EndOffsetWatcher extends Thread {
        private final Admin admin;
        private final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        private final long rows;
        volatile long first;
        volatile long last;

        EndOffsetWatcher(Admin admin, String topic, long rows) {
            super("bench-end-offset-watcher");
            setDaemon(true);
            this.admin = admin;
            for (int partition = 0; partition < PARTITIONS; partition++) {
                partitions.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            this.rows = rows;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    long end = 0;
                    for (var offset : admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).values()) {
                        end += offset.offset();
                    }
                    long now = System.nanoTime();
                    if (end > 0 && first == 0) {
                        first = now;
                    }
                    if (end >= rows) {
                        last = now;
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // the worker creates the connector's topic when it sends the first batch
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Every thread group's CPU time per row over one run (-Dbench.threads=true): names with their numbers
     * blanked, so the broker's request handlers count as one group; "JVM-internal" is the process's CPU time
     * that no Java thread accounts for (GC, JIT compilers).
     */
    private static void printThreadBreakdown(String label, int rows, Map<Long, Long> before, Map<Long, Long> after,
                                             long processCpu) {
        Map<String, ThreadCpu.Group> groups = ThreadCpu.byGroup(before, after,
                name -> name.replaceAll("\\d+", "#")
                        .replaceAll("tributary-(?!jdbc-reader-)[a-z-]+?-r#", "<connector>"));
        long threads = groups.values().stream().mapToLong(ThreadCpu.Group::cpuNanos).sum();
        StringBuilder line = new StringBuilder(label).append(" CPU us/row by thread group:");
        groups.entrySet().stream()
                .filter(group -> group.getValue().cpuNanos() / 1e3 / rows >= 0.05)
                .sorted((a, b) -> Long.compare(b.getValue().cpuNanos(), a.getValue().cpuNanos()))
                .forEach(group -> line.append(String.format("%n    %-70s %6.2f", group.getKey(),
                        group.getValue().cpuNanos() / 1e3 / rows)));
        line.append(String.format("%n    %-70s %6.2f", "JVM-internal (process minus Java threads)",
                (processCpu - threads) / 1e3 / rows));
        System.out.println(line);
    }

    /** The worker producer's own view of the run (-Dbench.threads=true): requests, batches, latency. */
    private static void printProducerMetrics(String clientId) {
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            var producer = new javax.management.ObjectName("kafka.producer:type=producer-metrics,client-id="
                    + clientId);
            StringBuilder line = new StringBuilder("    producer " + clientId + ":");
            for (String metric : List.of("request-total", "records-per-request-avg", "batch-size-avg",
                    "request-latency-avg", "request-latency-max", "io-wait-ratio", "bufferpool-wait-ratio",
                    "record-queue-time-avg")) {
                line.append(' ').append(metric).append('=').append(String.format("%.3f",
                        ((Number) server.getAttribute(producer, metric)).doubleValue()));
            }
            System.out.println(line);
        } catch (Exception e) {
            System.out.println("    producer metrics of " + clientId + " not readable: " + e);
        }
    }

    /** See {@link #DROP_LOG_PAGES}: Kafka's segments (named by 20-digit offsets) under this JVM's temp dir. */
    private static void dropKafkaLogPages() throws Exception {
        long started = System.nanoTime();
        runCommand(List.of("sync"));
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> segments;
        try (var files = Files.find(temp, 8, (file, attributes) -> attributes.isRegularFile()
                && file.getFileName().toString().matches("\\d{20}\\.log") && attributes.size() > (1 << 20))) {
            segments = files.toList();
        } catch (java.io.UncheckedIOException unreadable) {
            // a shared temp dir may hold other users' directories: give -Djava.io.tmpdir a directory of its own
            System.out.printf("    before the run: sync; could not look through %s for Kafka's segments (%s),"
                    + " so earlier runs' logs stay cached%n", temp, unreadable.getCause());
            return;
        }
        long bytes = 0;
        for (Path segment : segments) {
            bytes += Files.size(segment);
            runCommand(List.of("dd", "if=/dev/null", "of=" + segment, "oflag=nocache", "conv=notrunc", "count=0",
                    "status=none"));
        }
        System.out.printf("    before the run: sync, and %d Kafka segment(s) of earlier runs (%,d MB) dropped from the"
                + " page cache in %.2f s%n", segments.size(), bytes >> 20, (System.nanoTime() - started) / 1e9);
    }

    private static void runCommand(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " did not end well;"
                    + " run with -Dbench.dropLogPages=false where sync or GNU dd is missing");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The value schema JsonConverter writes for the bench table, for the raw run's envelope. */
    private static ObjectNode valueSchema() {
        ObjectNode schema = JSON.createObjectNode().put("type", "struct");
        ArrayNode fields = schema.putArray("fields");
        field(fields, "id", "int64", false, null);
        field(fields, "quantity", "int32", false, null);
        ObjectNode price = field(fields, "price", "bytes", false, "org.apache.kafka.connect.data.Decimal");
        price.put("version", 1).putObject("parameters").put("scale", "2").put("connect.decimal.precision", "12");
        field(fields, "title", "string", false, null);
        field(fields, "notes", "string", true, null);
        field(fields, "code", "string", false, null);
        field(fields, "created_at", "int64", false, "org.apache.kafka.connect.data.Timestamp").put("version", 1);
        field(fields, "active", "boolean", false, null);
        field(fields, "score", "double", true, null);
        field(fields, "due", "int32", true, "org.apache.kafka.connect.data.Date").put("version", 1);
        schema.put("optional", false).put("name", BenchTable.NAME);
        return schema;
    }

    private static ObjectNode field(ArrayNode fields, String name, String type, boolean optional, String logical) {
        ObjectNode field = fields.addObject().put("type", type).put("optional", optional);
        if (logical != null) {
            field.put("name", logical);
        }
        field.put("field", name);
        return field;
    }

    /**
     * CPU per row: main = the raw reading thread or the Connect task thread; reader = the task's reader thread.
     * First record: seconds from the connector's creation (raw: the start of its read) to its first record in the
     * topic.
     */
    private record Result(String label, double totalRowsPerSecond, double streamRowsPerSecond,
                          double mainCpuMicrosPerRow, double readerCpuMicrosPerRow, double ioCpuMicrosPerRow,
                          double processCpuMicrosPerRow, double firstRecordSeconds) {
    }
}
