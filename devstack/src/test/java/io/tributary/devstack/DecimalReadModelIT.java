package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Amounts of a legacy table through the shipped CDC settings (decimal.handling.mode=precise, the worker file's
 * decimal.format=NUMERIC) into a read model created with mapping.from.schema: a plain consumer reads each amount
 * as a JSON number, and range queries on the index return exactly the rows SQL returns, also where text
 * comparison ("1000.00" between "100" and "200") or a double ("…678" equal to "…679") would be wrong.
 */
@WithKafkaConnect(brokers = 3, convertersFrom = "../configs/worker/connect-distributed.properties")
@WithPostgres
@WithElasticsearch(major = 8)
class DecimalReadModelIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void amountsArriveAsNumbersAndRangeQueriesReturnTheRowsSqlReturns(KafkaConnectCluster cluster,
            PostgresDatabase db, ElasticsearchServer es) throws IOException {
        db.execute("CREATE TABLE ledger (id int PRIMARY KEY, amount numeric(12,2) NOT NULL, units numeric(18,0), "
                        + "rate numeric(24,10), booked timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO ledger (id, amount, units, rate) VALUES "
                        + "(1, 99.99, 123456789012345678, 0.1234567891), "
                        + "(2, 100.00, 123456789012345679, 0.1234567892), "
                        + "(3, 150.50, 5, 1.5), (4, 200.00, 6, 2), (5, 1000.00, 7, 3), "
                        + "(6, 1500.75, 8, 4), (7, 20.00, NULL, NULL), (8, 9.99, 9, 5)");
        Map<String, String> source = ReadModelConfigs.cdc(db, "ledger", "decimals");
        source.put("decimal.handling.mode", "precise");
        Map<String, String> sink = ReadModelConfigs.readModel(es, "decimals.public.ledger", "ledger-read-model", false);
        sink.put("index.refresh.interval", "500ms");
        cluster.connect().putConnectorConfig("decimals-cdc", source);
        cluster.connect().putConnectorConfig("decimals-read-model", sink);
        cluster.connect().awaitRunning("decimals-cdc", 1, TIMEOUT);
        cluster.connect().awaitRunning("decimals-read-model", 1, TIMEOUT);
        try {
            // a consumer without Connect reads numbers, not base64 and not text
            List<ConsumerRecord<byte[], byte[]>> records = cluster.topics().read("decimals.public.ledger", 8, TIMEOUT);
            Map<Integer, JsonNode> rows = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                JsonNode payload = JSON.readTree(record.value()).path("payload");
                rows.put(payload.path("id").asInt(), payload);
            }
            JsonNode second = rows.get(2);
            assertTrue(second.path("amount").isNumber(), "amount as a JSON number: " + second);
            assertEquals(0, new BigDecimal("100.00").compareTo(second.path("amount").decimalValue()),
                    second.toString());
            assertEquals("123456789012345679", second.path("units").bigIntegerValue().toString(), second.toString());
            assertTrue(rows.get(1).path("rate").isNumber(), rows.get(1).toString());

            Poll.until(TIMEOUT, "8 ledger rows in the read model", () -> es.indices().exists("ledger-read-model")
                    && es.indices().count("ledger-read-model") == 8);
            Map<String, Property> mapping = es.indices().client().indices()
                    .getMapping(r -> r.index("ledger-read-model")).result().get("ledger-read-model").mappings()
                    .properties();
            assertEquals(Property.Kind.Long, mapping.get("units")._kind(), mapping.toString());
            assertTrue(Set.of(Property.Kind.ScaledFloat, Property.Kind.Double).contains(mapping.get("amount")._kind()),
                    "numeric(12,2) is scaled_float where the server has it, double otherwise: " + mapping);
            assertEquals(Property.Kind.Double, mapping.get("rate")._kind(), mapping.toString());
            assertEquals(Property.Kind.Date, mapping.get("booked")._kind(), mapping.toString());
            assertEquals("500ms", es.indices().client().indices().getSettings(r -> r.index("ledger-read-model"))
                    .result().get("ledger-read-model").settings().index().refreshInterval().time());

            assertEquals(sql(db, "amount BETWEEN 100 AND 200"), ids(es, "amount:[100 TO 200]"));
            assertEquals(Set.of(2, 3, 4), ids(es, "amount:[100 TO 200]"));
            assertEquals(sql(db, "amount > 999.99"), ids(es, "amount:>999.99"));
            assertEquals(sql(db, "units >= 123456789012345679"), ids(es, "units:>=123456789012345679"));
            assertEquals(Set.of(2), ids(es, "units:>=123456789012345679"));

            db.execute("UPDATE ledger SET amount = 175.25 WHERE id = 8");
            Poll.until(TIMEOUT, "the update of row 8 in the read model",
                    () -> ids(es, "amount:[100 TO 200]").contains(8));
            assertEquals(sql(db, "amount BETWEEN 100 AND 200"), ids(es, "amount:[100 TO 200]"));
        } finally {
            cluster.connect().deleteConnector("decimals-read-model");
            cluster.connect().deleteConnector("decimals-cdc");
        }
    }

    private static Set<Integer> ids(ElasticsearchServer es, String query) {
        return es.indices().search("ledger-read-model", query, 100).stream()
                .map(source -> ((Number) source.get("id")).intValue()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> sql(PostgresDatabase db, String where) {
        Set<Integer> ids = new TreeSet<>();
        try (var connection = db.connect();
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT id FROM ledger WHERE " + where)) {
            while (result.next()) {
                ids.add(result.getInt(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
