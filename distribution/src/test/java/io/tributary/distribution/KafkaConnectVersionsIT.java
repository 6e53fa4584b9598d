package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithPostgres;
import io.tributary.localservers.ConnectRest;
import io.tributary.localservers.ConnectWorkers;
import io.tributary.localservers.JavaCommand;
import io.tributary.localservers.KafkaNodes;
import io.tributary.localservers.Ports;
import io.tributary.localservers.ServerFiles;
import io.tributary.localservers.ServerProcess;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged plugin directories in a broker and two Connect workers of every Kafka version of {@code compat/}
 * (each its own JVM built from that version's Maven artifacts): 3.7 (MSK Connect), 3.9 (the last 3.x: Confluent
 * Platform 7.9, Strimzi 0.45), 4.0 (no KIP-877 plugin metrics), 4.1, 4.2 and the newest 4.x. One worker finds the
 * plugins through {@code plugin.discovery=service_load}, the other through the worker's default (it scans the
 * plugin path). On each version: every plugin listed by both workers; the JDBC source through a chain of our
 * transforms into a topic, and from there the Elasticsearch sink into an index that ends equal to the table (after
 * an update and an insert); the CDC connector's snapshot and a streamed change.
 */
@WithPostgres
@WithElasticsearch
class KafkaConnectVersionsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> PLUGINS = List.of("connect-source-jdbc", "connect-sink-elasticsearch",
            "connect-cdc", "smt-transforms");
    private static final int ROWS = 20;

    /** Every module of compat/ with the Kafka version it pins, oldest first. */
    static Stream<String> versions() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT.resolve("compat"))) {
            return modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void everyPluginIsListedAndEveryPipelineRuns(String module, PostgresDatabase db, ElasticsearchServer es)
            throws Exception {
        String kafkaVersion = kafkaVersion(module);
        String classpath = Files.readString(ROOT.resolve("compat").resolve(module).resolve("target/kafka.classpath"))
                .trim();
        Path state = Path.of("target", module).toAbsolutePath();
        String table = "customers_" + module;
        String index = "compat-" + module;
        deleteTree(state);
        ServerFiles files = new ServerFiles(state.resolve("logs"), state.resolve("pids"));
        files.createDirectories();
        // Kafka 3 logs to reload4j (log4j 1 properties), Kafka 4 to Log4j 2
        Path log4j = state.resolve("log4j.properties");
        Files.writeString(log4j, "log4j.rootLogger=INFO, out\nlog4j.appender.out=org.apache.log4j.ConsoleAppender\n"
                + "log4j.appender.out.layout=org.apache.log4j.PatternLayout\n"
                + "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n\n");
        Path log4j2 = state.resolve("log4j2.xml");
        Files.writeString(log4j2, "<Configuration status=\"WARN\"><Appenders>"
                + "<Console name=\"out\" target=\"SYSTEM_OUT\">"
                + "<PatternLayout pattern=\"[%d] %p %m (%c)%n\"/></Console></Appenders><Loggers><Root level=\"INFO\">"
                + "<AppenderRef ref=\"out\"/></Root></Loggers></Configuration>\n");
        JavaCommand java = new JavaCommand(classpath, log4j2, List.of("-Dlog4j.configuration=file:" + log4j,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m"));
        KafkaNodes kafka = new KafkaNodes(List.of(new KafkaNodes.Node(1, Ports.free(), Ports.free(),
                state.resolve("kafka-1"))), java, files, state.resolve("cluster.id"));
        List<ServerProcess> started = new ArrayList<>();
        long begun = System.nanoTime();
        try {
            started.addAll(kafka.start());
            kafka.awaitReady(started, 120);
            List<Path> pluginPath = PLUGINS.stream()
                    .map(plugin -> ROOT.resolve(plugin).resolve("target/plugin")).toList();
            // one worker per discovery mode, in one Connect cluster: worker 1 service_load, worker 2 the default
            List<ConnectWorkers.Worker> members = List.of(
                    new ConnectWorkers.Worker(1, Ports.free(), state.resolve("worker-1")),
                    new ConnectWorkers.Worker(2, Ports.free(), state.resolve("worker-2")));
            List<ConnectRest> workers = new ArrayList<>();
            for (ConnectWorkers.Worker member : members) {
                Properties settings = workerSettings();
                if (member.id() == 1) {
                    settings.setProperty("plugin.discovery", "service_load");
                }
                started.add(new ConnectWorkers(members, settings, kafka.bootstrapServers(), pluginPath, Map.of(),
                        java, files).startWorker(member.id()));
                workers.add(new ConnectRest(member.url()));
            }
            for (int i = 0; i < workers.size(); i++) {
                awaitAnswering(workers.get(i), "the Kafka " + kafkaVersion + " worker " + (i + 1));
                assertListsOurPlugins(workers.get(i), "Kafka " + kafkaVersion + " worker " + (i + 1)
                        + (i == 0 ? " (plugin.discovery=service_load)" : " (default plugin.discovery)"));
            }
            ConnectRest rest = workers.get(0);

            db.execute("CREATE TABLE " + table + " (cust_id bigint PRIMARY KEY, cust_nm text NOT NULL, "
                    + "cust_email text, total numeric(10,2), updated_ts timestamptz NOT NULL DEFAULT now())",
                    "INSERT INTO " + table + " (cust_id, cust_nm, cust_email, total) SELECT g, 'name ' || g, "
                            + "'person' || g || '@example.org', g * 1.5 FROM generate_series(1, " + ROWS + ") g");
            Map<String, String> jdbc = new HashMap<>(Map.of("connector.class",
                    "io.tributary.connect.jdbc.JdbcSourceConnector", "connection.url", db.jdbcUrl(),
                    "connection.user", db.user(), "connection.password", db.password(),
                    "mode", "timestamp+incrementing", "incrementing.column.name", "cust_id",
                    "timestamp.column.name", "updated_ts", "table.include.list", "public\\." + table,
                    "topic.prefix", "compat.", "poll.interval.ms", "500"));
            jdbc.putAll(Map.of("transforms", "rename,mask",
                    "transforms.rename.type", "io.tributary.connect.transforms.RenameFields$Value",
                    "transforms.rename.renames", "cust_nm:name,cust_email:email",
                    "transforms.mask.type", "io.tributary.connect.transforms.Mask$Value",
                    "transforms.mask.fields", "email:regex:^[^@]+=***",
                    "topic.creation.default.replication.factor", "1", "topic.creation.default.partitions", "1"));
            put(rest, "jdbc-" + module, jdbc);
            Map<String, String> sink = new HashMap<>(Map.of("connector.class",
                    "io.tributary.connect.elasticsearch.ElasticsearchSinkConnector",
                    "topics", "compat." + table, "connection.url", es.httpUrl().toString(),
                    "index.name.format", index, "key.ignore", "false", "write.method", "upsert",
                    "behavior.on.null.values", "delete"));
            put(rest, "sink-" + module, sink);
            Map<String, String> cdc = new HashMap<>(Map.of("connector.class",
                    "io.tributary.connect.cdc.PostgresCdcSourceConnector", "database.hostname", db.host(),
                    "database.port", Integer.toString(db.port()), "database.dbname", db.name(),
                    "database.user", db.user(), "database.password", db.password(),
                    "table.include.list", "public." + table, "topic.prefix", "cdc" + module,
                    "topic.creation.default.replication.factor", "1", "topic.creation.default.partitions", "1"));
            put(rest, "cdc-" + module, cdc);
            List<String> connectors = List.of("jdbc-" + module, "sink-" + module, "cdc-" + module);
            Poll.until(TIMEOUT, "the connectors and their tasks RUNNING on Kafka " + kafkaVersion,
                    () -> rest.allRunning(connectors, null));

            assertIndexEqualsTable(db, es, table, index, ROWS);
            // the changes below must come after the CDC snapshot, or they are part of it: a rebalance in the first
            // seconds interrupts the snapshot, and Debezium takes it again on the task's restart (seen on 4.4: 21
            // snapshot rows, no streamed change). Streaming begins once the snapshot is done: the slot is active then
            read(kafka.bootstrapServers(), "cdc" + module + ".public." + table, ROWS);
            Poll.until(TIMEOUT, "the CDC connector streaming on Kafka " + kafkaVersion + " (its slot active)",
                    () -> Boolean.TRUE.equals(db.queryValue("SELECT bool_or(active) FROM pg_replication_slots "
                            + "WHERE database = current_database()")));
            db.execute("UPDATE " + table + " SET cust_nm = 'renamed', cust_email = 'moved@example.net', "
                    + "updated_ts = now() WHERE cust_id = 5",
                    "INSERT INTO " + table + " (cust_id, cust_nm, cust_email, total) VALUES (21, 'name 21', "
                            + "'person21@example.org', 31.5)");
            assertIndexEqualsTable(db, es, table, index, ROWS + 1);
            // the CDC snapshot's rows, then the two streamed changes
            assertEquals(ROWS + 2, read(kafka.bootstrapServers(), "cdc" + module + ".public." + table, ROWS + 2)
                    .size());
            System.out.printf("[compat] Kafka %s: every plugin listed by both workers, every pipeline ran, in %.1f s"
                    + "%n", kafkaVersion, (System.nanoTime() - begun) / 1e9);
        } finally {
            List<ServerProcess> reversed = new ArrayList<>(started);
            Collections.reverse(reversed);
            reversed.forEach(server -> server.stop(30));
        }
    }

    private static String kafkaVersion(String module) throws IOException {
        Matcher matcher = Pattern.compile("<compat.kafka.version>([^<]+)</")
                .matcher(Files.readString(ROOT.resolve("compat").resolve(module).resolve("pom.xml")));
        assertTrue(matcher.find(), "compat/" + module + "/pom.xml sets no compat.kafka.version");
        return matcher.group(1);
    }

    /** The worker is ready once it lists its connectors (GET /health came with Kafka 3.9). */
    private static void awaitAnswering(ConnectRest rest, String what) {
        Poll.until(Duration.ofSeconds(180), what + " answering GET /connectors", () -> {
            try {
                return rest.exchange("GET", "connectors", null).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static void assertListsOurPlugins(ConnectRest rest, String worker) {
        JsonNode plugins = rest.exchange("GET", "connector-plugins?connectorsOnly=false", null).body();
        Set<String> classes = new TreeSet<>();
        plugins.forEach(plugin -> classes.add(plugin.path("class").asText()));
        for (String expected : List.of("io.tributary.connect.jdbc.JdbcSourceConnector",
                "io.tributary.connect.elasticsearch.ElasticsearchSinkConnector",
                "io.tributary.connect.cdc.PostgresCdcSourceConnector",
                "io.tributary.connect.transforms.Mask$Value", "io.tributary.connect.transforms.RenameFields$Value")) {
            assertTrue(classes.contains(expected), worker + " does not list " + expected + ": " + classes);
        }
    }

    /**
     * Waits until the index holds one document per row, each with the row's fields as the transforms made them
     * (cust_nm renamed to name, the email's local part masked), then compares the two.
     */
    private static void assertIndexEqualsTable(PostgresDatabase db, ElasticsearchServer es, String table,
                                               String index, int rows) throws Exception {
        Map<String, Map<String, Object>> expected = new TreeMap<>();
        try (var connection = db.connect(); var statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT cust_id, cust_nm, cust_email, total FROM " + table)) {
            while (result.next()) {
                expected.put(Long.toString(result.getLong(1)), Map.of("name", result.getString(2),
                        "email", result.getString(3).replaceFirst("^[^@]+", "***"),
                        "total", result.getBigDecimal(4)));
            }
        }
        assertEquals(rows, expected.size(), "rows in " + table);
        AtomicReference<Map<String, Map<String, Object>>> seen = new AtomicReference<>(Map.of());
        Poll.until(TIMEOUT, () -> "index " + index + " equal to table " + table + "; it holds " + seen.get()
                + "\nthe table: " + expected, () -> {
                    seen.set(documents(es, index, expected.keySet()));
                    return seen.get().equals(expected) && es.indices().count(index) == rows;
                });
    }

    /** The documents of the given ids, as name, email and total (scale 2); none while the index does not exist. */
    private static Map<String, Map<String, Object>> documents(ElasticsearchServer es, String index, Set<String> ids) {
        Map<String, Map<String, Object>> documents = new TreeMap<>();
        if (!es.indices().exists(index)) {
            return documents;
        }
        es.indices().refresh(index);
        for (String id : ids) {
            es.indices().get(index, id).ifPresent(doc -> documents.put(id, Map.of(
                    "name", String.valueOf(doc.get("name")), "email", String.valueOf(doc.get("email")),
                    "total", new BigDecimal(String.valueOf(doc.get("total"))).setScale(2))));
        }
        return documents;
    }

    private static Properties workerSettings() {
        Properties props = new Properties();
        props.setProperty("group.id", "compat-connect");
        props.setProperty("config.storage.topic", "compat-configs");
        props.setProperty("offset.storage.topic", "compat-offsets");
        props.setProperty("status.storage.topic", "compat-status");
        props.setProperty("config.storage.replication.factor", "1");
        props.setProperty("offset.storage.replication.factor", "1");
        props.setProperty("status.storage.replication.factor", "1");
        props.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.setProperty("value.converter.decimal.format", "NUMERIC");
        props.setProperty("offset.flush.interval.ms", "1000");
        return props;
    }

    /** PUTs a connector config, again while the worker answers 409 (its group is still rebalancing). */
    private static void put(ConnectRest rest, String name, Map<String, String> config) throws IOException {
        String body = new ObjectMapper().writeValueAsString(config);
        AtomicReference<ConnectRest.Answer> last = new AtomicReference<>();
        Poll.until(TIMEOUT, () -> "PUT " + name + " answered " + last.get(), () -> {
            last.set(rest.exchange("PUT", "connectors/" + name + "/config", body));
            return last.get().status() != 409;
        });
        ConnectRest.Answer answer = last.get();
        assertTrue(answer.status() / 100 == 2, "PUT " + name + ": " + answer.status() + " " + answer.body());
    }

    private static List<ConsumerRecord<String, String>> read(String bootstrap, String topic, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
