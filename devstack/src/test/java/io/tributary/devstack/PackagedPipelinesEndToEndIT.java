package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.connect.testkit.Poll;
import io.tributary.localservers.ConnectRest;
import io.tributary.localservers.ConnectWorkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The devstack's own topology as users run it: 3 KRaft brokers and 2 distributed workers, each its own
 * JVM, loading the PACKAGED plugins through plugin.path, with every file of configs/ deployed verbatim.
 * The stack runs in devstack/target/ on free ports, so a developer's running devstack is never touched;
 * it starts once for the class, and every test adds fresh rows and ends with the tables and indices in step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedPipelinesEndToEndIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path STATE = Path.of("target/e2e-stack").toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static List<String> connectors;
    private static StackLayout layout;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheStackAndDeployConfigs() throws IOException {
        deleteTree(STATE);
        layout = StackLayout.isolated(ROOT, STATE);
        stack = new LocalStack(layout, DevstackBuild.in(Path.of("target"),
                System.getProperty("tributary.elasticsearch.8.version", "8.19.21")));
        // a test JVM that dies without running @AfterAll must still not leave brokers and workers behind
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
        stack.start();
        connectors = stack.deploy();
        Poll.until(TIMEOUT, "every pipeline of configs/ RUNNING", () -> rest(1).allRunning(connectors, null));
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A test that killed a server brings it back, so the next one starts from the whole topology. */
    @AfterEach
    void restoreTheTopology() {
        for (int node = 1; node <= StackLayout.BROKERS; node++) {
            if (!stack.broker(node).isAlive()) {
                stack.restartBroker(node);
            }
        }
        for (int worker = 1; worker <= StackLayout.WORKERS; worker++) {
            if (!stack.worker(worker).isAlive()) {
                stack.restartWorker(worker);
            }
        }
        Poll.until(TIMEOUT, "every pipeline RUNNING again", () -> rest(1).allRunning(connectors, null));
    }

    @Test
    @Order(3)
    void everyIndexEqualsItsTableAfterInsertsUpdatesAndDeletes() throws SQLException {
        long customersBefore = count("customers");
        long ordersBefore = count("orders");
        Workload workload = new Workload(layout, stack.database());
        for (int tick = 0; tick < 50; tick++) {
            workload.tick();
        }
        // the workload's customer updates touch only the (masked) e-mail; these change what the index compares
        int renamed = update("UPDATE customers SET cust_nm = cust_nm || ' (renamed)', "
                + "cust_phone = '+1 202 555 ' || cust_id, "
                + "updated_ts = now() WHERE cust_id % 7 = 0");

        assertEquals(customersBefore + 50, count("customers"), "50 customers inserted");
        assertEquals(ordersBefore + 50 - 10, count("orders"), "50 orders inserted, 10 deleted");
        assertTrue(renamed > 0);
        awaitEveryIndexInStep();
        assertIngestTopicHoldsTheLatestStatusOfEveryOrder();
    }

    @Test
    @Order(4)
    void aKilledWorkersTasksMoveToTheOtherWorkerAndNothingIsLost() {
        ConnectRest rest = rest(1);
        List<String> cdcWorkers = rest.taskWorkers("cdc-legacy");
        assertEquals(1, cdcWorkers.size(), "cdc-legacy runs one task");
        int victim = cdcWorkers.get(0).equals(layout.workerId(1)) ? 1 : 2;
        int survivor = 3 - victim;

        try (Workload workload = new Workload(layout, stack.database())) {
            workload.start(100);
            Poll.until(TIMEOUT, "20 workload ticks before the kill", () -> workload.ticks() >= 20);
            stack.worker(victim).kill();
            long ticksAtKill = workload.ticks();

            Poll.until(TIMEOUT, () -> "every connector and task RUNNING on worker-" + survivor + ": "
                    + safeStatuses(survivor), () -> rest(survivor).allRunning(connectors, layout.workerId(survivor)));
            Poll.until(TIMEOUT, "20 more ticks after the failover", () -> workload.ticks() >= ticksAtKill + 20);
        }
        assertTrue(!stack.worker(victim).isAlive());
        awaitEveryIndexInStep();
    }

    @Test
    @Order(5)
    void aKilledBrokerLosesNothing() throws Exception {
        int victim = leaderOfFirstPartition("cdc.public.orders");
        try (Workload workload = new Workload(layout, stack.database())) {
            workload.start(100);
            Poll.until(TIMEOUT, "20 workload ticks before the kill", () -> workload.ticks() >= 20);
            stack.broker(victim).kill();
            long ticksAtKill = workload.ticks();
            // writes go on for longer than the ~9 s the brokers take to notice that one of them is gone
            Poll.until(TIMEOUT, "120 ticks after the kill", () -> workload.ticks() >= ticksAtKill + 120);
        }
        assertTrue(!stack.broker(victim).isAlive());
        awaitEveryIndexInStep();
        assertTrue(rest(1).allRunning(connectors, null),
                "no task failed while a broker was down: " + rest(1).statuses());
    }

    // the failover tests run last, so that a server they kill and restart cannot disturb the other tests
    @Test
    @Order(1)
    void anInvalidConnectorConfigIsRefusedWith400AndTheReason() throws IOException {
        JsonNode file = JSON.readTree(ROOT.resolve("configs/ingest/legacy-orders.json").toFile());
        ObjectNode connector = file.deepCopy();
        connector.put("name", "e2e-orders-with-a-typo");
        ((ObjectNode) connector.path("config")).put("incrementing.column.name", "order_id");

        ConnectRest.Answer answer = rest(1).exchange("POST", "/connectors", connector.toString());

        assertEquals(400, answer.status(), answer.body().toString());
        assertEquals(400, answer.body().path("error_code").asInt());
        assertEquals("Connector configuration is invalid and contains the following 1 error(s):\n"
                + "table public.orders has no column 'order_id'\n"
                + "You can also find the above list of errors at the endpoint "
                + "`/connector-plugins/{connectorType}/config/validate`",
                answer.body().path("message").asText());
        assertEquals(404, rest(1).exchange("GET", "/connectors/e2e-orders-with-a-typo", null).status(),
                "nothing was created");

        // the 400 names the reason; the validate endpoint it points to also names the key
        ObjectNode config = ((ObjectNode) connector.path("config")).deepCopy();
        config.put("name", "e2e-orders-with-a-typo");
        JsonNode validation = rest(1).exchange("PUT", "/connector-plugins/JdbcSourceConnector/config/validate",
                config.toString()).body();
        assertEquals(1, validation.path("error_count").asInt(), validation.toString());
        Map<String, List<String>> errors = new HashMap<>();
        validation.path("configs").forEach(entry -> {
            List<String> texts = new ArrayList<>();
            entry.path("value").path("errors").forEach(error -> texts.add(error.asText()));
            if (!texts.isEmpty()) {
                errors.put(entry.path("value").path("name").asText(), texts);
            }
        });
        assertEquals(Map.of("incrementing.column.name", List.of("table public.orders has no column 'order_id'")),
                errors);
    }

    @Test
    @Order(2)
    void aDocumentTheIndexMappingRejectsGoesToTheDeadLetterQueueAndThePipelineKeepsGoing() throws Exception {
        String probe = "DLQ probe " + System.nanoTime();
        // every seeded customer has attributes.since as a number, so the index maps it as long and text cannot be
        // indexed there. The mapping is dynamic: until the seeded customers are indexed, a probe written in a bulk
        // that runs beside theirs could win the race and map the field as text itself.
        awaitEveryIndexInStep();
        assertEquals("long", sinceMapping().path("type").asText(), "attributes.since in the customers index");
        long rejected = insertCustomer(probe + " rejected", "{\"tier\":\"gold\",\"since\":\"the old days\"}");
        long accepted = insertCustomer(probe + " accepted", "{\"tier\":\"gold\",\"since\":2024}");

        AtomicReference<TopicRecords.Record> letter = new AtomicReference<>();
        Poll.until(TIMEOUT, () -> "the rejected customer in etl.customers.dlq; " + etlState(probe), () -> {
            TopicRecords.readAll(layout.bootstrapServers(), "etl.customers.dlq").stream()
                    .filter(record -> record.value().contains("\"name\":\"" + probe + " rejected\""))
                    .findFirst().ifPresent(letter::set);
            return letter.get() != null;
        });
        Map<String, String> headers = letter.get().headers();
        assertEquals("etl.customers", headers.get("__connect.errors.topic"));
        assertEquals("org.apache.kafka.connect.errors.DataException",
                headers.get("__connect.errors.exception.class.name"));
        String reason = headers.get("__connect.errors.exception.message");
        assertNotNull(reason, "headers: " + headers);
        assertTrue(reason.startsWith("Elasticsearch rejected the document: "), reason);
        assertTrue(reason.contains("attributes.since"), reason);

        Poll.until(TIMEOUT, () -> "the customer written after the rejected one in the index; " + etlState(probe),
                () -> document("customers", accepted) != null);
        assertEquals(probe + " accepted", document("customers", accepted).path("name").asText());
        assertEquals(null, document("customers", rejected));
        assertTrue(rest(1).allRunning(List.of("etl-customers-source", "etl-customers-sink"), null));

        // the repaired row flows like any other, which also leaves the index in step for the next test
        update("UPDATE customers SET cust_attrs = '{\"tier\":\"gold\",\"since\":1999}', updated_ts = now() "
                + "WHERE cust_id = " + rejected);
        Poll.until(TIMEOUT, "the repaired customer in the index", () -> document("customers", rejected) != null);
        assertEquals(1999, document("customers", rejected).path("attributes").path("since").asInt());
        awaitEveryIndexInStep();
    }

    @Test
    @Order(6)
    void everySeriesOfTheDashboardIsScrapedFromTheWorkersAndTheThroughputPanelsMove() throws Exception {
        Path dashboard = ROOT.resolve("deploy/grafana/tributary.json");
        Set<String> queried = PrometheusScrape.queriedSeries(dashboard);
        Set<String> throughput = PrometheusScrape.queriedSeries(dashboard, "Throughput");
        assertFalse(throughput.isEmpty(), "the dashboard has throughput panels");
        Map<String, Double> before = scrapeWorkers();

        Workload workload = new Workload(layout, stack.database());
        AtomicReference<Map<String, Double>> now = new AtomicReference<>(before);
        Poll.until(TIMEOUT, () -> "every series the dashboard queries, and the throughput ones moving; missing "
                + missing(queried, now.get()) + ", still " + unmoved(throughput, before, now.get()), () -> {
                    workload.tick();
                    now.set(scrapeWorkers());
                    return missing(queried, now.get()).isEmpty() && unmoved(throughput, before, now.get()).isEmpty();
                });

        // the status screen's pipelines section reads the same exporters: a line per connector, and rows moving
        try (StatusView view = new StatusView(layout, stack.database())) {
            AtomicReference<String> screen = new AtomicReference<>("");
            Poll.until(TIMEOUT, () -> "a pipelines line per connector, one with records per second above 0:\n"
                    + screen.get(), () -> {
                        workload.tick();
                        screen.set(view.render(stack.servers()));
                        String pipelines = screen.get().substring(screen.get().indexOf("pipelines:"),
                                screen.get().indexOf("topics:"));
                        return connectors.stream().allMatch(name -> pipelines.contains("  " + name + " "))
                                && pipelines.lines().anyMatch(line -> line.matches(".* [1-9][0-9.]* rec/s .*"));
                    });
        }
        awaitEveryIndexInStep();
    }

    /** Both workers' exporters, as one Prometheus would see them. */
    private static Map<String, Double> scrapeWorkers() {
        Map<String, Double> all = new TreeMap<>();
        for (ConnectWorkers.Worker worker : layout.workers()) {
            try {
                PrometheusScrape.scrape(worker.metricsUrl())
                        .forEach((name, value) -> all.merge(name, value, Double::sum));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    private static Set<String> missing(Set<String> queried, Map<String, Double> scraped) {
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(scraped.keySet());
        return missing;
    }

    /** Series whose sum has not grown since {@code before} (a worker killed meanwhile would restart them at 0). */
    private static Set<String> unmoved(Set<String> series, Map<String, Double> before, Map<String, Double> now) {
        Set<String> unmoved = new TreeSet<>();
        for (String name : series) {
            if (now.getOrDefault(name, 0.0) <= before.getOrDefault(name, 0.0)) {
                unmoved.add(name);
            }
        }
        return unmoved;
    }

    // ---------------------------------------------------------------------------------------------------

    /** The devstack's 'verify': waits until each reconciled pair is in step, then asserts it exactly. */
    private static void awaitEveryIndexInStep() {
        Reconciliation reconciliation = new Reconciliation(layout, stack.database());
        AtomicReference<List<Reconciliation.Difference>> last = new AtomicReference<>(List.of());
        AtomicReference<String> lastFailure = new AtomicReference<>("none");
        Poll.until(TIMEOUT, () -> "every index in step with its table; last: " + describe(last.get())
                + "; last failed check: " + lastFailure.get(), () -> {
                    try {
                        last.set(check(reconciliation));
                    } catch (IllegalStateException e) {
                        // e.g. a 503 while a new index's shard starts; the next round asks again
                        lastFailure.set(e.getMessage());
                        return false;
                    }
                    return last.get().stream().allMatch(Reconciliation.Difference::isClean);
                });
        for (Reconciliation.Difference difference : check(reconciliation)) {
            assertEquals(List.of(), difference.missing(), difference.describe());
            assertEquals(List.of(), difference.extra(), difference.describe());
            assertEquals(List.of(), difference.stale(), difference.describe());
            assertEquals(difference.rows(), difference.documents(), difference.describe());
        }
    }

    private static List<Reconciliation.Difference> check(Reconciliation reconciliation) {
        List<Reconciliation.Difference> differences = new ArrayList<>();
        try {
            for (Reconciliation.Pair pair : Reconciliation.PIPELINES) {
                differences.add(reconciliation.check(pair));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return differences;
    }

    /**
     * Where a probe stands in the ETL pipeline, for a timeout's message: the connectors' states, the source's
     * committed offset, which probe rows reached etl.customers and its DLQ, and the database's open
     * transactions (the source's in-flight guard waits for them).
     */
    private static String etlState(String probe) {
        List<String> parts = new ArrayList<>();
        parts.add(diagnostic("statuses",
                () -> rest(1).exchange("GET", "/connectors?expand=status", null).body().toString()));
        parts.add(diagnostic("source offsets",
                () -> rest(1).exchange("GET", "/connectors/etl-customers-source/offsets", null).body().toString()));
        for (String topic : List.of("etl.customers", "etl.customers.dlq")) {
            parts.add(diagnostic(topic, () -> {
                List<TopicRecords.Record> records = TopicRecords.readAll(layout.bootstrapServers(), topic);
                return records.size() + " records, probe rows: " + records.stream().map(TopicRecords.Record::value)
                        .filter(value -> value != null && value.contains(probe)).count();
            }));
        }
        parts.add(diagnostic("attributes.since mapping", () -> sinceMapping().toString()));
        parts.add(diagnostic("open transactions", () -> {
            List<String> rows = new ArrayList<>();
            try (Connection connection = stack.database().connect(StackLayout.DATABASE);
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(
                         "SELECT clock_timestamp(), pg_snapshot_xmin(pg_current_snapshot()), "
                         + "pid, application_name, backend_type, state, xact_start, backend_xid, backend_xmin, "
                         + "left(query, 100) "
                         + "FROM pg_stat_activity WHERE xact_start IS NOT NULL OR backend_xid IS NOT NULL "
                         + "OR backend_xmin IS NOT NULL")) {
                while (result.next()) {
                    if (rows.isEmpty()) {
                        rows.add("now " + result.getString(1) + ", snapshot xmin " + result.getString(2));
                    }
                    StringBuilder row = new StringBuilder();
                    for (int column = 3; column <= 10; column++) {
                        row.append(column == 3 ? "" : " | ").append(result.getString(column));
                    }
                    rows.add(row.toString());
                }
            }
            return String.join("; ", rows);
        }));
        return String.join("\n  ", parts);
    }

    private interface Probe {
        String get() throws Exception;
    }

    private static String diagnostic(String what, Probe probe) {
        try {
            return what + ": " + probe.get();
        } catch (Exception | AssertionError e) {
            return what + ": (" + e + ")";
        }
    }

    private static String describe(List<Reconciliation.Difference> differences) {
        return String.join("; ", differences.stream().map(Reconciliation.Difference::describe).toList());
    }

    /**
     * The ingest pipeline keeps topics, not an index: for every order the table holds, the newest record
     * of its key in legacy.orders carries the row's status. A query-based source cannot see deletes, so
     * deleted orders simply stay in the topic.
     */
    private void assertIngestTopicHoldsTheLatestStatusOfEveryOrder() throws SQLException {
        Map<Long, String> rows = new HashMap<>();
        try (Connection connection = stack.database().connect(StackLayout.DATABASE);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT ord_id, ord_status FROM orders")) {
            while (result.next()) {
                rows.put(result.getLong(1), result.getString(2));
            }
        }
        AtomicReference<Map<Long, String>> latest = new AtomicReference<>(Map.of());
        Poll.until(TIMEOUT, () -> "legacy.orders holding the status of all " + rows.size() + " orders", () -> {
            Map<Long, String> topic = new HashMap<>();
            for (TopicRecords.Record record : TopicRecords.readAll(layout.bootstrapServers(), "legacy.orders")) {
                JsonNode value = json(record.value()).path("payload");
                topic.put(value.path("ord_id").asLong(), value.path("ord_status").asText());
            }
            latest.set(topic);
            return rows.entrySet().stream().allMatch(row -> row.getValue().equals(topic.get(row.getKey())));
        });
        rows.forEach((id, status) -> assertEquals(status, latest.get().get(id), "order " + id));
    }

    private int leaderOfFirstPartition(String topic) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers()))) {
            int leader = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().get(0).leader().id();
            assertNotEquals(-1, leader);
            return leader;
        }
    }

    private static ConnectRest rest(int worker) {
        return new ConnectRest(layout.workerUrl(worker));
    }

    private static String safeStatuses(int worker) {
        try {
            return rest(worker).statuses().toString();
        } catch (RuntimeException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** The customers index's mapping of attributes.since, e.g. {"type":"long"}. */
    private static JsonNode sinceMapping() {
        return get("/customers/_mapping/field/attributes.since").path("customers").path("mappings")
                .path("attributes.since").path("mapping").path("since");
    }

    private static JsonNode get(String path) {
        return json(fetch(path).body());
    }

    private JsonNode document(String index, long id) {
        HttpResponse<String> response = fetch("/" + index + "/_doc/" + id);
        return response.statusCode() == 200 ? json(response.body()).path("_source") : null;
    }

    /** A GET of Elasticsearch, whatever its status. */
    private static HttpResponse<String> fetch(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(layout.elasticsearchUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long count(String table) throws SQLException {
        try (Connection connection = stack.database().connect(StackLayout.DATABASE);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static int update(String sql) throws SQLException {
        try (Connection connection = stack.database().connect(StackLayout.DATABASE);
             Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private static long insertCustomer(String name, String attributes) throws SQLException {
        try (Connection connection = stack.database().connect(StackLayout.DATABASE);
             var insert = connection.prepareStatement(
                     "INSERT INTO customers (cust_nm, cust_email, cust_phone, cust_attrs) "
                     + "VALUES (?, 'probe@example.com', '+47 555 0000', ?::jsonb) RETURNING cust_id")) {
            insert.setString(1, name);
            insert.setString(2, attributes);
            try (ResultSet result = insert.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
