package io.tributary.benchmarks.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.connect.jdbc.JdbcSourceConnector;
import io.tributary.connect.testkit.ConnectClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * End-to-end throughput of the JDBC source: a table of N rows through a Connect worker into a topic
 * (JsonConverter with schemas), with the recommended producer overrides and with bare defaults, beside
 * the raw limit measured in the same run (JDBC streaming read, Jackson, tuned KafkaProducer). Prints
 * rows/s, the ratio to the raw limit, and CPU time per row of the connector's own threads.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar io.tributary.benchmarks.jdbc.JdbcSourceBenchmark 1000000}
 */
public final class JdbcSourceBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> RECOMMENDED = Map.of(
            "producer.override.linger.ms", "10",
            "producer.override.batch.size", "262144",
            "producer.override.compression.type", "lz4");

    private JdbcSourceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        Path work = Path.of(System.getProperty("bench.dir", "benchmarks/target/jdbc-bench")).toAbsolutePath();
        Files.createDirectories(work);
        System.out.printf("JDBC source benchmark: %,d rows, work dir %s%n", rows, work);

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.resolve("pg-binaries").toFile())
                .setDataDirectory(work.resolve("pg-data"))
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(120))
                .start()) {
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                long started = System.nanoTime();
                BenchTable.create(connection, rows);
                System.out.printf("table filled in %.1f s%n", (System.nanoTime() - started) / 1e9);
            }
            EmbeddedConnectCluster cluster = startConnect();
            try {
                run(cluster, postgres, url, rows);
            } finally {
                cluster.stop();
            }
        }
    }

    private static void run(EmbeddedConnectCluster cluster, EmbeddedPostgres postgres, String url, int rows) throws Exception {
        String bootstrap = cluster.kafka().bootstrapServers();
        ConnectClient connect = new ConnectClient(cluster.workers().iterator().next().url());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Result raw = measureRaw(postgres, admin, bootstrap, rows, "raw-warmup");
            raw = measureRaw(postgres, admin, bootstrap, rows, "raw");
            Result recommended = measureConnector(connect, admin, url, rows, "tributary-recommended", RECOMMENDED);
            Result defaults = measureConnector(connect, admin, url, rows, "tributary-defaults", Map.of());

            System.out.println();
            System.out.printf("%-24s %12s %10s %14s%n", "run", "rows/s", "ratio", "CPU us/row");
            for (Result result : List.of(raw, recommended, defaults)) {
                System.out.printf("%-24s %,12.0f %10.2f %14.2f%n", result.label(), result.rowsPerSecond(),
                        result.rowsPerSecond() / raw.rowsPerSecond(), result.cpuMicrosPerRow());
            }
            System.out.println("targets: recommended >= 0.90 of raw, defaults >= 0.60 of raw");
        }
    }

    private static Result measureRaw(EmbeddedPostgres postgres, Admin admin, String bootstrap, int rows, String label) throws Exception {
        String topic = label;
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        Predicate<String> ownThreads = name -> name.equals(Thread.currentThread().getName())
                || name.startsWith("kafka-producer-network-thread | producer-");
        long cpuBefore = cpuNanos(ownThreads);
        long elapsed;
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            elapsed = RawJdbcToKafka.run(connection, bootstrap, topic, valueSchema());
        }
        long cpu = cpuNanos(ownThreads) - cpuBefore;
        return report(label, rows, elapsed, cpu);
    }

    private static Result measureConnector(ConnectClient connect, Admin admin, String url, int rows, String label,
                                           Map<String, String> overrides) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", JdbcSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("connection.url", url);
        config.put("connection.user", "postgres");
        config.put("mode", "incrementing");
        config.put("incrementing.column.name", "id");
        config.put("table.include.list", "public\\." + BenchTable.NAME);
        config.put("topic.prefix", label + ".");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        config.putAll(overrides);
        String topic = label + "." + BenchTable.NAME;
        Predicate<String> connectorThreads = name -> name.contains(label);
        long started = System.nanoTime();
        connect.createConnector(label, config);
        awaitEndOffset(admin, topic, rows);
        long elapsed = System.nanoTime() - started;
        long cpu = cpuNanos(connectorThreads);
        connect.deleteConnector(label);
        return report(label, rows, elapsed, cpu);
    }

    private static void awaitEndOffset(Admin admin, String topic, long rows) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                        .get(partition).offset();
                if (end >= rows) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // the topic is created by the worker when the first batch is sent
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(topic + " did not reach " + rows + " records in 30 minutes");
    }

    private static long cpuNanos(Predicate<String> threadName) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && threadName.test(info.getThreadName())) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(cpu, 0);
            }
        }
        return total;
    }

    private static Result report(String label, int rows, long elapsedNanos, long cpuNanos) {
        Result result = new Result(label, rows / (elapsedNanos / 1e9), cpuNanos / 1e3 / rows);
        System.out.printf("%-24s %,d rows in %.2f s = %,.0f rows/s, %.2f us CPU/row%n", label, rows, elapsedNanos / 1e9,
                result.rowsPerSecond(), result.cpuMicrosPerRow());
        return result;
    }

    private static EmbeddedConnectCluster startConnect() {
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "true");
        worker.put("value.converter.schemas.enable", "true");
        worker.put("connector.client.config.override.policy", "All");
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        broker.put("group.initial.rebalance.delay.ms", "0");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name("jdbc-bench").numBrokers(1).numWorkers(1)
                .brokerProps(broker).workerProps(worker).maskExitProcedures(true).build();
        cluster.start();
        return cluster;
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

    private record Result(String label, double rowsPerSecond, double cpuMicrosPerRow) {
    }
}
