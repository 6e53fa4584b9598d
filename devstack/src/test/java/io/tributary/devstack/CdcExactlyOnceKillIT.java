package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The CDC connector with Connect's exactly-once source support, in two worker JVMs, one of them killed with
 * SIGKILL while changes stream through its task: the other worker takes the task over, fences the dead one's
 * transactions, resumes from the offset committed with the last transaction, and a read_committed consumer reads
 * every inserted row exactly once.
 */
@WithPostgres
class CdcExactlyOnceKillIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int ROWS = 20_000;
    private static final String TOPIC = "eoskill.public.eos_kill";

    @Test
    void aWorkerKilledMidStreamLosesAndRepeatsNoChange(PostgresDatabase db) throws Exception {
        Path state = Path.of("target", "eos-kill").toAbsolutePath();
        deleteTree(state);
        ServerFiles files = new ServerFiles(state.resolve("logs"), state.resolve("pids"));
        files.createDirectories();
        Path log4j2 = state.resolve("log4j2.xml");
        Files.writeString(log4j2, "<Configuration status=\"WARN\"><Appenders>"
                + "<Console name=\"out\" target=\"SYSTEM_OUT\">"
                + "<PatternLayout pattern=\"[%d] %p %m (%c)%n\"/></Console></Appenders><Loggers><Root level=\"INFO\">"
                + "<AppenderRef ref=\"out\"/></Root></Loggers></Configuration>\n");
        DevstackBuild build = DevstackBuild.in(Path.of("target"), "unused");
        JavaCommand java = new JavaCommand(build.classpath(), log4j2, LocalStack.QUICK_START);
        KafkaNodes kafka = new KafkaNodes(List.of(new KafkaNodes.Node(1, Ports.free(), Ports.free(),
                state.resolve("kafka-1"))), java, files, state.resolve("cluster.id"));
        List<ConnectWorkers.Worker> workers = List.of(new ConnectWorkers.Worker(1, Ports.free(),
                state.resolve("worker-1")), new ConnectWorkers.Worker(2, Ports.free(), state.resolve("worker-2")));
        List<ServerProcess> started = new ArrayList<>();
        db.execute("CREATE TABLE eos_kill (id int PRIMARY KEY, note text NOT NULL)");
        try {
            started.addAll(kafka.start());
            kafka.awaitReady(started, 120);
            ConnectWorkers connect = new ConnectWorkers(workers, workerSettings(), kafka.bootstrapServers(),
                    build.pluginPath(), Map.of(), java, files);
            List<ServerProcess> running = connect.start();
            started.addAll(running);
            connect.awaitReady(running, 180);
            ConnectRest rest = new ConnectRest(workers.get(0).url());
            put(rest, "cdc-eos-kill", connector(db));
            Poll.until(TIMEOUT, "cdc-eos-kill RUNNING", () -> rest.allRunning(List.of("cdc-eos-kill"), null));

            AtomicInteger inserted = new AtomicInteger();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    // 100 rows a transaction, about 2,000 rows a second
                    for (int first = 1; first <= ROWS; first += 100) {
                        db.execute("INSERT INTO eos_kill SELECT g, 'row ' || g FROM generate_series(" + first + ", "
                                + (first + 99) + ") g");
                        inserted.addAndGet(100);
                        Thread.sleep(50);
                    }
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            }, "eos-kill-writer");
            writer.start();
            Poll.until(TIMEOUT, "a quarter of the rows in the topic", () -> committedCount(kafka.bootstrapServers())
                    >= ROWS / 4);
            List<String> owners = rest.taskWorkers("cdc-eos-kill");
            assertEquals(1, owners.size(), owners.toString());
            int victim = owners.get(0).equals(workers.get(0).workerId()) ? 0 : 1;
            running.get(victim).kill();
            int rowsAtKill = inserted.get();
            ConnectRest survivor = new ConnectRest(workers.get(1 - victim).url());
            Poll.until(TIMEOUT, "the task RUNNING on the other worker",
                    () -> survivor.allRunning(List.of("cdc-eos-kill"), workers.get(1 - victim).workerId()));
            writer.join();
            assertEquals(null, writerFailure.get());
            assertTrue(rowsAtKill < ROWS, "the worker was killed mid-stream (" + rowsAtKill + " rows inserted)");

            Map<Integer, Integer> seen = readCommitted(kafka.bootstrapServers());
            List<Integer> missing = new ArrayList<>();
            List<String> repeated = new ArrayList<>();
            for (int id = 1; id <= ROWS; id++) {
                Integer times = seen.get(id);
                if (times == null) {
                    missing.add(id);
                } else if (times > 1) {
                    repeated.add(id + " x" + times);
                }
            }
            assertEquals(List.of(), missing.size() > 20 ? missing.subList(0, 20) : missing, "missing rows");
            assertEquals(List.of(), repeated.size() > 20 ? repeated.subList(0, 20) : repeated, "rows read twice");
            assertEquals(ROWS, seen.values().stream().mapToInt(Integer::intValue).sum());
            assertNotEquals(0, rowsAtKill);
            System.out.printf(Locale.ROOT, "eos-kill: %d rows inserted, worker-%d killed after %d, %d records read "
                    + "committed, %d missing, %d repeated%n", ROWS, victim + 1, rowsAtKill,
                    seen.values().stream().mapToInt(Integer::intValue).sum(), missing.size(), repeated.size());
        } finally {
            List<ServerProcess> reversed = new ArrayList<>(started);
            Collections.reverse(reversed);
            reversed.forEach(server -> server.stop(30));
            // the shared PostgreSQL has few slots: leave none behind once the stopped task has let go of it
            Poll.until(Duration.ofSeconds(30), "slot eos_kill_slot released", () -> db.query(
                    "SELECT 1 FROM pg_replication_slots WHERE slot_name = 'eos_kill_slot' AND active").isEmpty());
            db.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = 'eos_kill_slot'", "DROP PUBLICATION IF EXISTS eos_kill_pub");
        }
    }

    private static Map<String, String> connector(PostgresDatabase db) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.tributary.connect.cdc.PostgresCdcSourceConnector");
        config.put("tasks.max", "1");
        config.put("connection.url", db.jdbcUrl());
        config.put("database.user", db.user());
        config.put("database.password", db.password());
        config.put("table.include.list", "public.eos_kill");
        config.put("topic.prefix", "eoskill");
        config.put("slot.name", "eos_kill_slot");
        config.put("publication.name", "eos_kill_pub");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "poll");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "1");
        config.put("topic.creation.default.cleanup.policy", "compact");
        return config;
    }

    private static Properties workerSettings() {
        Properties props = new Properties();
        props.setProperty("group.id", "eos-kill-connect");
        props.setProperty("config.storage.topic", "eos-kill-configs");
        props.setProperty("offset.storage.topic", "eos-kill-offsets");
        props.setProperty("status.storage.topic", "eos-kill-status");
        props.setProperty("config.storage.replication.factor", "1");
        props.setProperty("offset.storage.replication.factor", "1");
        props.setProperty("status.storage.replication.factor", "1");
        props.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.setProperty("offset.flush.interval.ms", "1000");
        props.setProperty("plugin.discovery", "service_load");
        props.setProperty("exactly.once.source.support", "enabled");
        // failover in seconds, as the shipped worker file has it
        props.setProperty("scheduled.rebalance.max.delay.ms", "0");
        props.setProperty("session.timeout.ms", "6000");
        props.setProperty("heartbeat.interval.ms", "2000");
        return props;
    }

    private static void put(ConnectRest rest, String name, Map<String, String> config) throws IOException {
        String body = new ObjectMapper().writeValueAsString(config);
        AtomicReference<ConnectRest.Answer> last = new AtomicReference<>();
        Poll.until(TIMEOUT, () -> "PUT " + name + " answered " + last.get(), () -> {
            last.set(rest.exchange("PUT", "connectors/" + name + "/config", body));
            return last.get().status() != 409;
        });
        assertTrue(last.get().status() / 100 == 2, "PUT " + name + ": " + last.get());
    }

    private static long committedCount(String bootstrap) {
        return readCommitted(bootstrap, Duration.ofSeconds(2)).values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<Integer, Integer> readCommitted(String bootstrap) {
        Map<Integer, Integer> seen = new HashMap<>();
        Poll.until(TIMEOUT, () -> "all " + ROWS + " rows read committed; " + seen.size() + " so far", () -> {
            seen.clear();
            seen.putAll(readCommitted(bootstrap, Duration.ofSeconds(10)));
            return seen.size() >= ROWS;
        });
        return seen;
    }

    /** id -> how many records of it a read_committed consumer reads from the start, in at most {@code time}. */
    private static Map<Integer, Integer> readCommitted(String bootstrap, Duration time) {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            if (partitions.isEmpty()) {
                return seen;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + time.toNanos();
            while (System.nanoTime() < deadline && partitions.stream()
                    .anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() == null) {
                        return;
                    }
                    try {
                        JsonNode after = json.readTree(record.value()).path("payload").path("after");
                        if (after.has("id")) {
                            seen.merge(after.path("id").asInt(), 1, Integer::sum);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return seen; // the topic does not exist yet
        }
        return seen;
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
