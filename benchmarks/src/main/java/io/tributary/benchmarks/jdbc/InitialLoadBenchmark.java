package io.tributary.benchmarks.jdbc;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The initial load of a big table (the 10-column table, 10,000,000 rows by default) with
 * initial.load.parallel and N tasks, N = 1, 2, 4 by default, one after the other on the same table, database,
 * broker and worker: rows/s from creating the connector to the last record acknowledged, the JVM's CPU per row
 * (worker, broker, GC), PostgreSQL's (its server processes), and the connector's task and reader threads'. With one
 * task there is no spare task, so the table is read as it always was: the reference of the same run.
 *
 * <p>Run: {@code java -Xms512m -Xmx512m [-Dbench.partitions=N] -Djava.io.tmpdir=...
 * -cp benchmarks/target/benchmarks.jar io.tributary.benchmarks.jdbc.InitialLoadBenchmark [rows, default 10000000]
 * [tasks, default 1,2,4]}, or through
 * {@code JdbcSourceBenchmark ... --tasks 1,2,4}, which runs it after its own rounds.
 */
public final class InitialLoadBenchmark {

    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 1);

    private InitialLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000_000;
        List<Integer> tasks = args.length > 1 ? parseTasks(args[1]) : List.of(1, 2, 4);
        Path work = Path.of(System.getProperty("bench.dir", "benchmarks/target/jdbc-bench")).toAbsolutePath();
        Files.createDirectories(work);
        if (System.getProperty("tributary.work.dir") == null) {
            System.setProperty("tributary.work.dir", work.toString());
        }
        System.out.printf("JDBC source initial load: %,d rows, tasks %s, %d partition(s), backend %s, %d CPUs%n", rows,
                tasks, PARTITIONS, Backend.selected(), Runtime.getRuntime().availableProcessors());
        try (PostgresServer postgres = TestServers.postgres()) {
            PostgresDatabase database = postgres.createDatabase("jdbc_load_bench");
            try (Connection connection = database.connect()) {
                long started = System.nanoTime();
                BenchTable.create(connection, rows);
                System.out.printf("table filled in %.1f s%n", (System.nanoTime() - started) / 1e9);
            }
            try (KafkaConnectCluster cluster = TestServers.kafkaConnect("jdbc-load-bench", 1, 1)) {
                run(cluster, database, rows, tasks);
            }
        }
    }

    static List<Integer> parseTasks(String list) {
        List<Integer> tasks = new ArrayList<>();
        for (String n : list.split(",")) {
            tasks.add(Integer.parseInt(n.trim()));
        }
        return tasks;
    }

    /** Loads the bench table once per entry of {@code tasks} and prints the table of results. */
    static void run(KafkaConnectCluster cluster, PostgresDatabase database, int rows, List<Integer> tasks)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()))) {
            List<String> lines = new ArrayList<>();
            Double oneTask = null;
            for (int n : tasks) {
                Result result = load(admin, cluster.connect(), database, rows, n);
                if (oneTask == null && n == 1) {
                    oneTask = result.rowsPerSecond();
                }
                lines.add(String.format("%-8d %,12.0f %8s %10.2f %10.2f %10.2f %10.2f", n, result.rowsPerSecond(),
                        oneTask == null ? "" : String.format("%.2f", result.rowsPerSecond() / oneTask),
                        result.jvmMicros(), result.postgresMicros(), result.taskMicros(), result.readerMicros()));
            }
            System.out.println();
            System.out.printf("initial load of %,d rows (initial.load.parallel=true, recommended producer settings)%n",
                    rows);
            System.out.printf("%-8s %12s %8s %10s %10s %10s %10s%n", "tasks", "rows/s", "x 1 task", "JVM us/r",
                    "PG us/r", "task us/r", "reader us/r");
            lines.forEach(System.out::println);
            System.out.println("JVM = worker, broker, GC (this process); PG = PostgreSQL's server processes; task and"
                    + " reader = the connector's task threads and reader threads, summed over tasks");
        }
    }

    private static Result load(Admin admin, ConnectClient connect, PostgresDatabase database, int rows, int tasks)
            throws Exception {
        String name = "load-" + tasks + "-tasks";
        String topic = name + "." + BenchTable.NAME;
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
        Map<String, String> config = new HashMap<>(JdbcSourceBenchmark.RECOMMENDED);
        config.put("connector.class", JdbcSourceConnector.class.getName());
        config.put("tasks.max", Integer.toString(tasks));
        config.put("connection.url", database.jdbcUrl());
        config.put("connection.user", database.user());
        config.put("connection.password", database.password());
        config.put("mode", "incrementing");
        config.put("incrementing.column.name", "id");
        config.put("initial.load.parallel", "true");
        config.put("table.include.list", "public\\." + BenchTable.NAME);
        config.put("topic.prefix", name + ".");

        Map<Long, Long> cpuBefore = ThreadCpu.snapshot(thread -> true);
        long processBefore = processCpuNanos();
        long postgresBefore = ProcThreads.postgresCpuNanos();
        long started = System.nanoTime();
        connect.createConnector(name, config);
        long end = awaitRecords(admin, topic, rows);
        Map<Long, Long> cpuAfter = ThreadCpu.snapshot(thread -> true);
        double seconds = (end - started) / 1e9;
        Result result = new Result(rows / seconds, (processCpuNanos() - processBefore) / 1e3 / rows,
                (ProcThreads.postgresCpuNanos() - postgresBefore) / 1e3 / rows,
                ThreadCpu.between(cpuBefore, cpuAfter, thread -> thread.startsWith("task-thread-" + name + "-"))
                        / 1e3 / rows,
                ThreadCpu.between(cpuBefore, cpuAfter, thread -> thread.startsWith("tributary-jdbc-reader-" + name
                        + "-")) / 1e3 / rows);
        System.out.printf("%d task(s): %,d rows in %.1f s (%,.0f rows/s), CPU/row JVM %.2f us, PostgreSQL %.2f us%n",
                tasks, rows, seconds, result.rowsPerSecond(), result.jvmMicros(), result.postgresMicros());
        connect.deleteConnector(name);
        connect.awaitDeleted(name, Duration.ofMinutes(1));
        // frees the disk (10M rows are gigabytes of JSON) and the page cache for the next run
        admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        Thread.sleep(3_000);
        return result;
    }

    /** Waits until the topic holds {@code rows} records; when the last one was acknowledged, in nanoTime. */
    private static long awaitRecords(Admin admin, String topic, long rows) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            partitions.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (System.nanoTime() < deadline) {
            long end = 0;
            for (var offset : admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).values()) {
                end += offset.offset();
            }
            if (end >= rows) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(topic + " did not reach " + rows + " records in 60 minutes");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private record Result(double rowsPerSecond, double jvmMicros, double postgresMicros, double taskMicros,
                          double readerMicros) {
    }
}
