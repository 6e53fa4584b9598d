package io.tributary.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.localservers.ConnectRest;
import io.tributary.localservers.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The devstack latency benchmark: starts devstack's whole topology on its own state directory
 * ({@code benchmarks/target/bench-latency/}) and free ports (a running devstack is not touched), deploys
 * configs/, and measures
 * <ul>
 *   <li>time from the start command to every pipeline RUNNING (connector and tasks),</li>
 *   <li>the CDC pipeline's end-to-end latency, database commit to document searchable in the
 *       orders read model, p50/p99/max, while orders are inserted at a steady rate (500/s by default),</li>
 *   <li>the peak RSS of the whole stack (every server process and its children, sampled each second).</li>
 * </ul>
 * {@code DEVSTACK_BENCH_SECONDS} (default 60) and {@code DEVSTACK_BENCH_RATE} (changes per second,
 * default 500) tune the run. It lives in devstack's package to drive devstack's package-private launcher
 * ({@link LocalStack}), and reads what the devstack build put in {@code devstack/target/} (Kafka classpath,
 * unpacked plugins, Elasticsearch). From the repository root:
 * <pre>
 * mvn -B package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.tributary.devstack.LatencyBench
 * </pre>
 * ({@code -Ddevstack.root=DIR} when started elsewhere; see docs/benchmarks.md).
 */
public final class LatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Commits are batched this often; each batch holds rate × period rows, as a busy application's would. */
    private static final long BATCH_PERIOD_MS = 20;
    private static final long SEARCH_PERIOD_MS = 25;

    private final StackLayout layout;
    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** ord_id -> commit instant (nanoTime), removed when the document is first found. */
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();
    private final List<Long> latenciesNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong peakRssMiB = new AtomicLong();

    private LatencyBench(StackLayout layout, LocalStack stack) {
        this.layout = layout;
        this.stack = stack;
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("devstack.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve("benchmarks/target/bench-latency");
        deleteTree(state);
        StackLayout layout = StackLayout.isolated(root, state);
        LocalStack stack = LocalStack.fromSystemProperties(layout);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop"));
        try {
            new LatencyBench(layout, stack).measure(
                    Integer.parseInt(System.getenv().getOrDefault("DEVSTACK_BENCH_SECONDS", "60")),
                    Integer.parseInt(System.getenv().getOrDefault("DEVSTACK_BENCH_RATE", "500")));
        } finally {
            stack.close();
        }
    }

    private void measure(int seconds, int rate) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("bench-rss"));
        sampler.scheduleAtFixedRate(() -> peakRssMiB.accumulateAndGet(stackRssMiB(), Math::max), 0, 1,
                TimeUnit.SECONDS);
        try {
            long begin = System.nanoTime();
            stack.start();
            List<String> connectors = stack.deploy();
            ConnectRest rest = new ConnectRest(layout.workerUrl(1));
            awaitTrue(Duration.ofMinutes(5), "every pipeline RUNNING", () -> rest.allRunning(connectors, null));
            double toRunning = (System.nanoTime() - begin) / 1e9;
            long rssAtRunning = stackRssMiB();
            Progress.say(String.format("all %d pipelines RUNNING %.1f s after the start command; stack RSS %d MiB",
                    connectors.size(), toRunning, rssAtRunning));
            // the snapshot is not what is measured: wait until the read model holds every seeded order
            long seeded = countRows("orders");
            awaitTrue(Duration.ofMinutes(3), "the CDC snapshot in the read model", () -> searchCount() == seeded);

            Progress.say("inserting orders at " + rate + "/s for " + seconds
                    + " s, timing each commit until its document is searchable");
            long written = drive(seconds, rate);
            awaitTrue(Duration.ofMinutes(3), "every committed order searchable", () -> {
                observe();
                return pending.isEmpty();
            });
            report(connectors.size(), toRunning, rssAtRunning, written, seconds);
        } finally {
            sampler.shutdownNow();
        }
    }

    /** Inserts at the rate for the duration while observing the index; answers the number of rows committed. */
    private long drive(int seconds, int rate) {
        int perBatch = Math.max(1, (int) (rate * BATCH_PERIOD_MS / 1000));
        AtomicLong written = new AtomicLong();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(daemon("bench-writer"));
        try (Connection connection = stack.database().connect(StackLayout.DATABASE)) {
            connection.setAutoCommit(false);
            StringBuilder sql = new StringBuilder("INSERT INTO orders (cust_id, ord_total, ord_status) VALUES ");
            for (int i = 0; i < perBatch; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, 'OPEN')");
            }
            PreparedStatement insert = connection.prepareStatement(sql + " RETURNING ord_id");
            writer.scheduleAtFixedRate(() -> {
                try {
                    for (int i = 0; i < perBatch; i++) {
                        insert.setLong(2 * i + 1, 1 + (written.get() + i) % 50);
                        insert.setBigDecimal(2 * i + 2, java.math.BigDecimal.valueOf((written.get() + i) % 100_000, 2));
                    }
                    List<Long> ids = new ArrayList<>(perBatch);
                    try (ResultSet result = insert.executeQuery()) {
                        while (result.next()) {
                            ids.add(result.getLong(1));
                        }
                    }
                    connection.commit();
                    long committed = System.nanoTime();
                    ids.forEach(id -> pending.put(id, committed));
                    written.addAndGet(ids.size());
                } catch (SQLException e) {
                    Progress.say("insert failed: " + e.getMessage());
                }
            }, 0, BATCH_PERIOD_MS, TimeUnit.MILLISECONDS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                observe();
                ServerProcess.sleep(SEARCH_PERIOD_MS);
            }
            writer.shutdown();
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write orders: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            writer.shutdownNow();
        }
        return written.get();
    }

    /** One search for the orders still pending: what it finds became searchable no later than now. */
    private void observe() {
        if (pending.isEmpty()) {
            return;
        }
        long lowest = pending.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
        String body = "{\"size\":10000,\"_source\":false,\"query\":{\"range\":{\"ord_id\":{\"gte\":" + lowest + "}}},"
                + "\"sort\":[{\"ord_id\":\"asc\"}]}";
        JsonNode hits = search(body).path("hits").path("hits");
        long now = System.nanoTime();
        hits.forEach(hit -> {
            Long committed = pending.remove(hit.path("_id").asLong());
            if (committed != null) {
                latenciesNanos.add(now - committed);
            }
        });
    }

    private void report(int pipelines, double toRunning, long rssAtRunning, long written, int seconds) {
        long[] sorted;
        synchronized (latenciesNanos) {
            sorted = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        String summary = String.join("\n",
                "---- bench-latency (CDC: PostgreSQL commit -> document searchable in orders-read-model) ----",
                String.format("stack start -> all %d pipelines RUNNING: %.1f s", pipelines, toRunning),
                String.format("orders committed: %d in %d s (%.0f/s)", written, seconds, written / (double) seconds),
                String.format("latency over %d changes: p50 %d ms, p99 %d ms, max %d ms (search polled every %d ms)",
                        sorted.length, percentileMs(sorted, 50), percentileMs(sorted, 99),
                        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1_000_000, SEARCH_PERIOD_MS),
                String.format("stack RSS: %d MiB when all pipelines ran, peak %d MiB"
                        + " (every server process and its children)",
                        rssAtRunning, peakRssMiB.get()),
                String.format("processes at the end: %s", serversRss()));
        System.out.println(summary);
        System.out.flush();
    }

    private static long percentileMs(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000;
    }

    private long stackRssMiB() {
        return stack.servers().stream().filter(ServerProcess::isAlive).mapToLong(ServerProcess::rssMiB).sum();
    }

    private String serversRss() {
        return String.join(", ", stack.servers().stream().filter(ServerProcess::isAlive)
                .map(server -> server.name() + " " + server.rssMiB() + " MiB").toList());
    }

    private long countRows(String table) {
        try (Connection connection = stack.database().connect(StackLayout.DATABASE);
             ResultSet result = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long searchCount() {
        return search("{\"size\":0,\"track_total_hits\":true}").path("hits").path("total").path("value").asLong(-1);
    }

    private JsonNode search(String body) {
        HttpRequest request = HttpRequest
                .newBuilder(URI.create(layout.elasticsearchUrl() + "/orders-read-model/_search"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            ServerProcess.sleep(100);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
