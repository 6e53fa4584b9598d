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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
@WithKafkaConnect(brokers = 3)
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

        for (Path file : connectorFiles().toList()) {
            cluster.connect().deleteConnector(JSON.readTree(file.toFile()).path("name").asText());
        }
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
