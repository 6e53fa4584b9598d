package io.tributary.benchmarks.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.tributary.benchmarks.ThreadCpu;
import io.tributary.connect.elasticsearch.ElasticsearchSinkConnector;
import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.TestServers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticsearch.client.RestClient;

/**
 * End-to-end: records of ~1 KB (14 fields, string key) from a partitioned topic through a Connect worker
 * running our sink into an index, beside the raw limit in the same JVM and run: the same documents sent by
 * a bare {@code BulkIngester} (2,000 operations, 5 MB, 4 in flight). Prints docs/s and CPU per document of
 * each side's own threads (sink: the task thread, our client's I/O threads and our scheduler; raw: the
 * sending thread, its client's I/O threads and the ingester's threads), measured with ThreadMXBean.
 *
 * <p>Arguments: {@code --records N} (500000), {@code --warmup N} (100000), {@code --partitions N} (4),
 * {@code --tasks N} (1), {@code --major 8|9} (8), {@code --values json|string} (json: JsonConverter
 * without schemas, so the sink turns Maps into JSON; string: StringConverter, JSON text passed through),
 * {@code --poll-records N[,N...]} (500,100: one sink run per value of the worker's max.poll.records).
 * The raw side runs first and again last; each sink's ratios are to the better raw figure (the higher
 * docs/s, the lower CPU per document), since the server and the JIT keep speeding up during a run.
 *
 * <p>Run with a fixed, pre-touched heap ({@code -Xms2g -Xmx2g -XX:+AlwaysPreTouch}): with a growing heap
 * the kernel's work of mapping fresh heap pages is charged to whichever thread allocates first, which was a
 * sixth of the task thread's CPU; a long-running worker has its heap mapped already.
 */
public final class ElasticsearchSinkBenchmark {

    private static final int RAW_POOL = 1_000;

    /**
     * The worker's max.poll.records for each sink run: Kafka's default (500), and what docs/elasticsearch-sink.md
     * recommends. Connect converts a whole poll before put(), so a large poll has the encoder read ~5 KB of
     * converter objects per record that have left the CPU caches in the meantime; bulks do not depend on it.
     */
    static final String DEFAULT_POLL_RECORDS = "500,100";

    private final int partitions;
    private final int tasks;
    private final String values;
    private final KafkaConnectCluster cluster;
    private final ElasticsearchServer es;
    private final AtomicInteger runs = new AtomicInteger();

    private ElasticsearchSinkBenchmark(KafkaConnectCluster cluster, ElasticsearchServer es, int partitions, int tasks,
                                       String values) {
        this.cluster = cluster;
        this.es = es;
        this.partitions = partitions;
        this.tasks = tasks;
        this.values = values;
    }

    /** What one side did. */
    record Result(String side, long documents, long nanos, long cpuNanos, Map<String, ThreadCpu.Group> cpuByGroup) {
        double docsPerSecond() {
            return documents / (nanos / 1e9);
        }

        double cpuMicrosPerDocument() {
            return cpuNanos / 1e3 / documents;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int records = Integer.parseInt(options.getOrDefault("records", "500000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "100000"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        int tasks = Integer.parseInt(options.getOrDefault("tasks", "1"));
        int major = Integer.parseInt(options.getOrDefault("major", "8"));
        String values = options.getOrDefault("values", "json");
        if (!values.equals("json") && !values.equals("string")) {
            throw new IllegalArgumentException("--values must be json or string");
        }
        List<Integer> pollRecords = java.util.Arrays
                .stream(options.getOrDefault("poll-records", DEFAULT_POLL_RECORDS).split(","))
                .map(String::trim).map(Integer::valueOf).toList();

        try (ElasticsearchServer es = TestServers.elasticsearch(major);
             KafkaConnectCluster cluster = TestServers.kafkaConnect("es-bench", 1, 1)) {
            System.out.printf(Locale.ROOT, "Elasticsearch %s, Kafka + Connect up; %d records of %d bytes, "
                    + "%d partitions, %d task(s), %s values%n", es.version(), records, BenchDocuments.json(1).length,
                    partitions, tasks, values);
            ElasticsearchSinkBenchmark bench = new ElasticsearchSinkBenchmark(cluster, es, partitions, tasks, values);
            if (warmup > 0) {
                bench.raw(warmup, "raw warm-up");
                for (int poll : pollRecords) {
                    bench.sink(warmup, poll);
                }
            }
            // the raw side runs before and after the sinks: Elasticsearch and the JIT keep getting faster during a
            // run, and each sink is held to the better of the two raw figures
            List<Result> raws = new ArrayList<>();
            raws.add(bench.raw(records, "raw BulkIngester (first)"));
            List<Result> sinks = new ArrayList<>();
            for (int poll : pollRecords) {
                sinks.add(bench.sink(records, poll));
            }
            raws.add(bench.raw(records, "raw BulkIngester (last)"));
            print(raws, sinks);
        }
        System.exit(0); // the embedded cluster leaves non-daemon threads behind
    }

    private static void print(List<Result> raws, List<Result> sinks) {
        List<Result> all = new ArrayList<>(raws);
        all.addAll(sinks);
        double rawDocsPerSecond = raws.stream().mapToDouble(Result::docsPerSecond).max().orElseThrow();
        double rawCpuMicros = raws.stream().mapToDouble(Result::cpuMicrosPerDocument).min().orElseThrow();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-26s %10s %9s %10s %12s %14s%n", "side", "documents", "seconds", "docs/s",
                "CPU ms", "CPU µs/doc");
        for (Result result : all) {
            System.out.printf(Locale.ROOT, "%-26s %10d %9.2f %10.0f %12.0f %14.1f%n", result.side(), result.documents(),
                    result.nanos() / 1e9, result.docsPerSecond(), result.cpuNanos() / 1e6,
                    result.cpuMicrosPerDocument());
        }
        for (Result result : all) {
            StringBuilder line = new StringBuilder("  CPU µs/doc by thread group, " + result.side() + ":");
            result.cpuByGroup().forEach((group, cpu) -> line.append(String.format(Locale.ROOT,
                    " %s %.1f (%d%% in the kernel);", group, cpu.cpuNanos() / 1e3 / result.documents(),
                    cpu.kernelPercent())));
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "raw, the better of its runs: %.0f docs/s, %.1f CPU µs/doc%n", rawDocsPerSecond,
                rawCpuMicros);
        for (Result sink : sinks) {
            System.out.printf(Locale.ROOT,
                    "%s / raw: throughput %.2f (target >= 0.9), CPU per document %.2f (target <= 0.6)%n",
                    sink.side(), sink.docsPerSecond() / rawDocsPerSecond, sink.cpuMicrosPerDocument() / rawCpuMicros);
        }
    }

    /** The same documents through a bare BulkIngester: the client's own limit on this machine. */
    private Result raw(int documents, String side) throws Exception {
        String index = "bench-raw-" + runs.incrementAndGet();
        createIndex(index);
        List<Map<String, Object>> pool = new ArrayList<>(RAW_POOL);
        for (int i = 0; i < RAW_POOL; i++) {
            pool.add(BenchDocuments.document(i));
        }
        AtomicInteger ioThreads = new AtomicInteger();
        RestClient restClient = RestClient.builder(HttpHost.create(es.httpUrl().toString()))
                .setHttpClientConfigCallback(http -> http.setThreadFactory(runnable -> {
                    Thread thread = new Thread(runnable, "raw-es-io-" + ioThreads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
        long[] elapsed = new long[1];
        long[] senderCpu = new long[1];
        Map<Long, Long> before;
        Map<Long, Long> after;
        try (RestClientTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper())) {
            ElasticsearchClient client = new ElasticsearchClient(transport);
            Thread sender = new Thread(() -> {
                long start = System.nanoTime();
                try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(2_000)
                        .maxSize(5L * 1024 * 1024).maxConcurrentRequests(4))) {
                    for (int i = 0; i < documents; i++) {
                        Map<String, Object> document = pool.get(i % RAW_POOL);
                        String id = BenchDocuments.key(i);
                        ingester.add(BulkOperation.of(op -> op.index(ix -> ix.index(index).id(id).document(document))));
                    }
                }
                elapsed[0] = System.nanoTime() - start;
                senderCpu[0] = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }, "raw-bench-sender");
            before = ThreadCpu.snapshot(ElasticsearchSinkBenchmark::rawThread);
            sender.start();
            Map<Long, Long> running = before;
            while (sender.isAlive()) {
                running = merge(running, ThreadCpu.snapshot(ElasticsearchSinkBenchmark::rawThread));
                sender.join(200);
            }
            after = merge(running, ThreadCpu.snapshot(ElasticsearchSinkBenchmark::rawThread));
            after.put(sender.getId(), senderCpu[0]); // it ended: its own last reading is the complete one
        }
        expectCount(index, documents);
        return new Result(side, documents, elapsed[0], ThreadCpu.between(before, after),
                ThreadCpu.byGroup(before, after, name -> name.startsWith("raw-es-io-") ? "client I/O"
                        : name.startsWith("bulk-ingester-") ? "ingester" : "sender"));
    }

    private static boolean rawThread(String name) {
        return name.equals("raw-bench-sender") || name.startsWith("raw-es-io-") || name.startsWith("bulk-ingester-");
    }

    /** Keeps the last CPU figure of threads that ended between snapshots (the sender, at the end). */
    private static Map<Long, Long> merge(Map<Long, Long> earlier, Map<Long, Long> later) {
        Map<Long, Long> merged = new HashMap<>(earlier);
        merged.putAll(later);
        return merged;
    }

    /** Records produced to a topic first (not timed), then drained by the sink connector into an index. */
    private Result sink(int documents, int pollRecords) throws Exception {
        int run = runs.incrementAndGet();
        String topic = "bench-" + run;
        String index = "bench-sink-" + run;
        String connector = "bench-sink-" + run;
        cluster.topics().create(topic, partitions);
        produce(topic, documents);
        createIndex(index);

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ElasticsearchSinkConnector.class.getName());
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic);
        config.put("connection.url", es.httpUrl().toString());
        config.put("index.name.format", index);
        config.put("batch.size", "2000");
        config.put("bulk.size.bytes", Long.toString(5L * 1024 * 1024));
        config.put("max.in.flight.requests", "4");
        config.put("max.buffered.records", "20000");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        if (values.equals("json")) {
            config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            config.put("value.converter.schemas.enable", "false");
        } else {
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        }
        config.put("consumer.override.max.poll.records", Integer.toString(pollRecords));

        String taskThreads = "task-thread-" + connector + "-";
        String clientThreads = "tributary-es-" + connector + "-";
        java.util.function.Predicate<String> ours =
                name -> name.startsWith(taskThreads) || name.startsWith(clientThreads);
        Map<Long, Long> before = ThreadCpu.snapshot(ours);
        long start = System.nanoTime();
        cluster.connect().createConnector(connector, config);
        Map<Long, Long> running = before;
        long indexed = 0;
        long progressAt = System.nanoTime();
        while (indexed < documents) {
            TimeUnit.MILLISECONDS.sleep(250);
            running = merge(running, ThreadCpu.snapshot(ours));
            es.indices().client().indices().refresh(r -> r.index(index));
            long now = es.indices().client().count(r -> r.index(index)).count();
            if (now > indexed) {
                indexed = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > TimeUnit.MINUTES.toNanos(2)) {
                throw new IllegalStateException("the sink indexed " + indexed + " of " + documents
                        + " and nothing more for two minutes; connector status: "
                        + cluster.connect().status(connector));
            }
        }
        long elapsed = System.nanoTime() - start;
        Map<Long, Long> after = merge(running, ThreadCpu.snapshot(ours));
        cluster.connect().deleteConnector(connector);
        expectCount(index, documents);
        return new Result("sink (" + values + ", poll " + pollRecords + ")", documents, elapsed,
                ThreadCpu.between(before, after),
                ThreadCpu.byGroup(before, after, name -> name.startsWith(taskThreads) ? "task"
                        : name.endsWith("-scheduler") ? "scheduler" : "client I/O"));
    }

    /**
     * Every record written, or the run stops: a producer that gave up on a batch (it happens when the
     * machine is overloaded at start-up) would leave the sink waiting for documents that never came.
     */
    private void produce(String topic, int documents) throws InterruptedException {
        Map<String, Object> props = Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                // uncompressed, so the sink's CPU figure is not partly a decompression codec's
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // the topic is brand new: its first batches meet NOT_LEADER_OR_FOLLOWER and are retried, which
                // with idempotence and five requests in flight ended a few runs in OUT_OF_ORDER_SEQUENCE_NUMBER
                // and a lost batch; one request at a time retries in order and loses nothing (untimed phase)
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all");
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < documents; i++) {
                producer.send(new ProducerRecord<>(topic, BenchDocuments.key(i), BenchDocuments.json(i)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException("the benchmark's producer failed to write " + failed.get() + " of "
                    + documents + " records (" + firstFailure.get() + "); rerun on a quieter machine");
        }
    }

    private void createIndex(String index) throws IOException {
        es.indices().client().indices().create(r -> r.index(index)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0")));
    }

    private void expectCount(String index, long expected) {
        long count = es.indices().count(index);
        if (count != expected) {
            throw new IllegalStateException(index + " holds " + count + " documents, not " + expected);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs; got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
