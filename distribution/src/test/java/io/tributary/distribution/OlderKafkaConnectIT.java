package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithPostgres;
import io.tributary.localservers.ConnectRest;
import io.tributary.localservers.ConnectWorkers;
import io.tributary.localservers.JavaCommand;
import io.tributary.localservers.KafkaNodes;
import io.tributary.localservers.Ports;
import io.tributary.localservers.ServerFiles;
import io.tributary.localservers.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged plugin directories in a broker and a Connect worker of each older Kafka users run, each its own JVM
 * built from that version's Maven artifacts (compat/kafka*): 3.7 (MSK Connect), 3.9 (the last 3.x: Confluent
 * Platform 7.9, Strimzi 0.45) and 4.0 (none of them has KIP-877 plugin metrics). On each, every plugin is listed,
 * and the JDBC source and the CDC connector run and deliver rows.
 */
@WithPostgres
class OlderKafkaConnectIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> PLUGINS = List.of("connect-source-jdbc", "connect-sink-elasticsearch",
            "connect-cdc", "smt-transforms");

    @ParameterizedTest(name = "Kafka {0}")
    @CsvSource({"3.7, kafka37", "3.9, kafka39", "4.0, kafka40"})
    void everyPluginIsListedAndTheJdbcSourceAndTheCdcConnectorRun(String kafkaVersion, String module,
                                                                 PostgresDatabase db) throws Exception {
        String classpath = Files.readString(ROOT.resolve("compat").resolve(module).resolve("target/kafka.classpath"))
                .trim();
        Path state = Path.of("target", module).toAbsolutePath();
        String table = "orders_" + module;
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
        int restPort = Ports.free();
        List<ServerProcess> started = new ArrayList<>();
        try {
            started.addAll(kafka.start());
            kafka.awaitReady(started, 120);
            List<Path> pluginPath = PLUGINS.stream()
                    .map(plugin -> ROOT.resolve(plugin).resolve("target/plugin")).toList();
            ConnectWorkers connect = new ConnectWorkers(List.of(new ConnectWorkers.Worker(1, restPort,
                    state.resolve("worker-1"))), workerSettings(), kafka.bootstrapServers(), pluginPath, Map.of(),
                    java, files);
            List<ServerProcess> workers = connect.start();
            started.addAll(workers);
            // GET /health came with Kafka 3.9: the worker is ready once it lists its connectors
            ConnectRest rest = new ConnectRest("http://127.0.0.1:" + restPort);
            String ready = "the Kafka " + kafkaVersion + " worker answering GET /connectors";
            Poll.until(Duration.ofSeconds(180), ready, () -> {
                try {
                    return rest.exchange("GET", "connectors", null).status() == 200;
                } catch (RuntimeException e) {
                    return false;
                }
            });

            JsonNode plugins = rest.exchange("GET", "connector-plugins?connectorsOnly=false", null).body();
            Set<String> classes = new TreeSet<>();
            plugins.forEach(plugin -> classes.add(plugin.path("class").asText()));
            for (String expected : List.of("io.tributary.connect.jdbc.JdbcSourceConnector",
                    "io.tributary.connect.elasticsearch.ElasticsearchSinkConnector",
                    "io.tributary.connect.cdc.PostgresCdcSourceConnector",
                    "io.tributary.connect.transforms.Mask$Value")) {
                assertTrue(classes.contains(expected),
                        "Kafka " + kafkaVersion + " does not list " + expected + ": " + classes);
            }

            db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, total numeric(10,2), "
                    + "updated_ts timestamptz NOT NULL DEFAULT now())",
                    "INSERT INTO " + table + " (id, total) SELECT g, g * 1.5 FROM generate_series(1, 20) g");
            Map<String, String> jdbc = new HashMap<>(Map.of("connector.class",
                    "io.tributary.connect.jdbc.JdbcSourceConnector", "connection.url", db.jdbcUrl(),
                    "connection.user", db.user(), "connection.password", db.password(), "mode", "incrementing",
                    "incrementing.column.name", "id", "table.include.list", "public\\." + table,
                    "topic.prefix", "compat.", "poll.interval.ms", "500"));
            jdbc.put("topic.creation.default.replication.factor", "1");
            jdbc.put("topic.creation.default.partitions", "1");
            put(rest, "jdbc-" + module, jdbc);
            Map<String, String> cdc = new HashMap<>(Map.of("connector.class",
                    "io.tributary.connect.cdc.PostgresCdcSourceConnector", "database.hostname", db.host(),
                    "database.port", Integer.toString(db.port()), "database.dbname", db.name(),
                    "database.user", db.user(), "database.password", db.password(),
                    "table.include.list", "public." + table, "topic.prefix", "cdc" + module,
                    "topic.creation.default.replication.factor", "1", "topic.creation.default.partitions", "1"));
            put(rest, "cdc-" + module, cdc);
            Poll.until(TIMEOUT, "both connectors and their tasks RUNNING on Kafka " + kafkaVersion,
                    () -> rest.allRunning(List.of("jdbc-" + module, "cdc-" + module), null));

            assertEquals(20, read(kafka.bootstrapServers(), "compat." + table, 20).size());
            db.execute("INSERT INTO " + table + " (id, total) VALUES (21, 31.5)");
            // the CDC snapshot's 20 rows, then the streamed insert
            assertEquals(21, read(kafka.bootstrapServers(), "cdc" + module + ".public." + table, 21).size());
        } finally {
            List<ServerProcess> reversed = new ArrayList<>(started);
            Collections.reverse(reversed);
            reversed.forEach(server -> server.stop(30));
        }
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
        props.setProperty("offset.flush.interval.ms", "1000");
        props.setProperty("plugin.discovery", "service_load");
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
