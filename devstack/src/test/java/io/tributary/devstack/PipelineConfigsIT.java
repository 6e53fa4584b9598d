package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connector files of configs/, exactly as users POST them, against a 3-broker cluster, the legacy
 * schema the devstack seeds, and Elasticsearch: each validates without error, and together they carry
 * rows, updates and deletes into the indices. The workers of this kit have no env variables for the
 * files' {@code ${env:...}} references, so the test resolves them the way the worker's provider would.
 */
@WithKafkaConnect(brokers = 3, convertersFrom = "../configs/worker/connect-distributed.properties")
@WithPostgres
@WithElasticsearch(major = 8)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineConfigsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Z_]+)}");
    private static final Path CONFIGS = Path.of("../configs");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static Map<String, String> environment;

    @BeforeAll
    static void seedLegacySchema(PostgresDatabase db, ElasticsearchServer es) {
        LegacyDatabase.SCRIPTS.forEach(script -> db.execute(LegacyDatabase.script(script)));
        environment = Map.of(
                "TRIBUTARY_PG_URL", db.jdbcUrl(),
                "TRIBUTARY_PG_USER", LegacyDatabase.USER,
                "TRIBUTARY_PG_PASSWORD", LegacyDatabase.PASSWORD,
                "TRIBUTARY_ES_URL", es.httpUrl().toString(),
                "TRIBUTARY_MASK_SECRET", "pipelines-test-mask-key");
    }

    static Stream<Path> connectorFiles() {
        return Pipelines.FOLDERS.stream().flatMap(folder -> {
            try {
                return Files.list(CONFIGS.resolve(folder)).filter(file -> file.toString().endsWith(".json")).sorted();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    @Order(1)
    void everyPipelineFolderHoldsConnectorFiles() {
        for (String folder : Pipelines.FOLDERS) {
            assertFalse(connectorFiles().noneMatch(file -> file.getParent().getFileName().toString().equals(folder)),
                    "configs/" + folder + " holds no connector file");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectorFiles")
    @Order(2)
    void connectorFileValidatesWithoutErrors(Path file, KafkaConnectCluster cluster) throws IOException {
        Map<String, String> config = new LinkedHashMap<>(config(file));
        // as PUT /connectors/{name}/config adds it
        config.put("name", JSON.readTree(file.toFile()).path("name").asText());
        ConfigValidation validation = cluster.connect().validate(config);
        assertEquals(0, validation.errorCount(), () -> file + ": " + validation.errors());
    }

    @Test
    @Order(3)
    void pipelinesCarryLegacyRowsUpdatesAndDeletesIntoTheReadModels(KafkaConnectCluster cluster, PostgresDatabase db,
            ElasticsearchServer es) throws IOException {
        for (Path file : connectorFiles().toList()) {
            String name = JSON.readTree(file.toFile()).path("name").asText();
            cluster.connect().putConnectorConfig(name, config(file));
        }
        for (Path file : connectorFiles().toList()) {
            cluster.connect().awaitRunning(JSON.readTree(file.toFile()).path("name").asText(), 1, TIMEOUT);
        }

        // ingest: every legacy row reaches its topic, keyed by its primary key
        assertEquals(50, cluster.topics().read("legacy.customers", 50, TIMEOUT).size());
        assertEquals(120, cluster.topics().read("legacy.commodity_prices", 120, TIMEOUT).size());
        // with the shipped worker file, every pipeline's topic carries amounts as JSON numbers a plain consumer
        // reads as they are in the table (not base64 of the unscaled bytes, not text)
        assertAmountsAreNumbers(cluster, db, "legacy.orders", 200, "ord_id", "ord_total",
                "SELECT ord_id, ord_total FROM orders");
        assertAmountsAreNumbers(cluster, db, "legacy.commodity_prices", 120, null, "price_amt",
                "SELECT 0, price_amt FROM commodity_prices");

        // ETL: renamed, masked, parsed and converted on the way into the customers index
        Poll.until(TIMEOUT, "50 customers in the index", () -> countOrZero(es, "customers") == 50);
        Map<String, Object> first = es.indices().get("customers", "1").orElseThrow();
        assertEquals("Customer 1", first.get("name"));
        assertTrue(((String) first.get("email")).matches("[0-9a-f]{64}"),
                "email is an HMAC token: " + first.get("email"));
        assertEquals("********0001", first.get("phone"));
        assertEquals(Map.of("tier", "standard", "since", 2001), first.get("attributes"));
        assertEquals(java.time.ZoneOffset.UTC,
                java.time.OffsetDateTime.parse((String) first.get("createdTs")).getOffset());

        // CDC: the orders read model follows inserts, updates and deletes
        Poll.until(TIMEOUT, "200 orders in the read model", () -> countOrZero(es, "orders-read-model") == 200);
        db.execute("UPDATE orders SET ord_status = 'CANCELLED' WHERE ord_id = 7",
                "DELETE FROM orders WHERE ord_id = 8");
        Poll.until(TIMEOUT, "order 7 cancelled and order 8 gone in the read model", () ->
                es.indices().get("orders-read-model", "7").map(doc -> "CANCELLED".equals(doc.get("ord_status")))
                        .orElse(false)
                        && es.indices().get("orders-read-model", "8").isEmpty());
        assertEquals(199, es.indices().count("orders-read-model"));
        assertAmountsAreNumbers(cluster, db, "cdc.public.orders", 200, "ord_id", "ord_total",
                "SELECT ord_id, ord_total FROM orders");
        // the read model maps the amount as a number, so a range is numeric: "1000.00" is not between 100 and 200
        assertEquals(sqlIds(db, "SELECT ord_id FROM orders WHERE ord_total BETWEEN 100 AND 200"),
                es.indices().search("orders-read-model", "ord_total:[100 TO 200]", 1000).stream()
                        .map(doc -> ((Number) doc.get("ord_id")).longValue()).collect(Collectors.toSet()));

        for (Path file : connectorFiles().toList()) {
            cluster.connect().deleteConnector(JSON.readTree(file.toFile()).path("name").asText());
        }
    }

    /**
     * The first {@code count} records of the topic carry {@code amountField} as a JSON number equal to the
     * column's value in the row of the same {@code idField}, or, with no id field, the same amounts as the table
     * (compared as numbers: a JSON parser may drop trailing zeros). {@code sql} selects id and amount.
     */
    private static void assertAmountsAreNumbers(KafkaConnectCluster cluster, PostgresDatabase db, String topic,
            int count, String idField, String amountField, String sql) {
        Map<Long, BigDecimal> table = new HashMap<>();
        List<BigDecimal> tableAmounts = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                table.put(rows.getLong(1), rows.getBigDecimal(2));
                tableAmounts.add(rows.getBigDecimal(2).stripTrailingZeros());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int checked = 0;
        List<BigDecimal> topicAmounts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.topics().read(topic, count, TIMEOUT)) {
            if (record.value() == null) {
                continue; // a delete's tombstone
            }
            JsonNode payload;
            try {
                payload = JSON.readTree(record.value()).path("payload");
            } catch (IOException e) {
                throw new AssertionError(topic + " holds a record that is not JSON", e);
            }
            JsonNode amount = payload.path(amountField);
            assertTrue(amount.isNumber(), () -> topic + ": " + amountField + " is not a JSON number: " + payload);
            topicAmounts.add(amount.decimalValue().stripTrailingZeros());
            BigDecimal expected = idField == null ? null : table.get(payload.path(idField).asLong());
            if (expected != null) {
                assertEquals(0, expected.compareTo(amount.decimalValue()), () -> topic + ": " + payload);
                checked++;
            }
        }
        if (idField == null) {
            tableAmounts.sort(null);
            topicAmounts.sort(null);
            assertEquals(tableAmounts, topicAmounts, topic);
        } else {
            assertTrue(checked > 0, topic + ": no record of a row still in the table");
        }
    }

    private static Set<Long> sqlIds(PostgresDatabase db, String sql) {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static long countOrZero(ElasticsearchServer es, String index) {
        return es.indices().exists(index) ? es.indices().count(index) : 0;
    }

    /** The file's config with each {@code ${env:NAME}} replaced, as the worker's env provider would. */
    private static Map<String, String> config(Path file) throws IOException {
        JsonNode config = JSON.readTree(file.toFile()).path("config");
        Map<String, String> resolved = new LinkedHashMap<>();
        config.fields().forEachRemaining(entry -> {
            Matcher reference = ENV_REFERENCE.matcher(entry.getValue().asText());
            StringBuilder value = new StringBuilder();
            while (reference.find()) {
                String replacement = environment.get(reference.group(1));
                if (replacement == null) {
                    throw new AssertionError(file + " refers to ${env:" + reference.group(1)
                            + "}, which the devstack does not set");
                }
                reference.appendReplacement(value, Matcher.quoteReplacement(replacement));
            }
            reference.appendTail(value);
            resolved.put(entry.getKey(), value.toString());
        });
        return resolved;
    }

    @Test
    @Order(0)
    void noConnectorFileHoldsASecret() throws IOException {
        for (Path file : connectorFiles().toList()) {
            JSON.readTree(file.toFile()).path("config").fields().forEachRemaining(entry -> {
                if (entry.getKey().matches(".*(password|secret|api\\.key)$")) {
                    assertTrue(ENV_REFERENCE.matcher(entry.getValue().asText()).matches(),
                            file + " holds " + entry.getKey() + " in clear instead of a ${env:...} reference");
                }
            });
        }
    }

    @Test
    @Order(99)
    void aBrokenFileValidatedByTheWorkerGivesOneLinePerErrorKeyFirst(KafkaConnectCluster cluster) throws IOException {
        ObjectNode config = ConfigCheck.config(CONFIGS.resolve("ingest").resolve(connectorFiles()
                .filter(file -> file.getParent().getFileName().toString().equals("ingest")).findFirst()
                .orElseThrow().getFileName()));
        config.put("mode", "sometimes");
        config.remove("topic.prefix");
        JsonNode answer = cluster.connect().send("PUT", "connector-plugins/" + config.get("connector.class").asText()
                + "/config/validate", JSON.writeValueAsString(config));

        List<String> errors = ConfigCheck.errors(answer);
        assertEquals(answer.path("error_count").asInt(), errors.size(), "every error, once: " + errors);
        assertTrue(errors.stream().anyMatch(line -> line.startsWith("mode: ") && line.contains("sometimes")), errors
                .toString());
        assertTrue(errors.stream().anyMatch(line -> line.startsWith("topic.prefix: ")), errors.toString());
    }
}
