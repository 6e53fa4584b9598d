package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.WithKafkaConnect;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A chain of our transforms and a predicate inside a real distributed Connect worker, configured by the
 * JSON a user would POST: Debezium-format change events become masked, parsed, re-keyed, deduplicated
 * rows routed to one topic per region.
 */
@WithKafkaConnect
class TransformChainIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void turnsChangeEventsIntoCleanRowsRoutedByRegion(KafkaConnectCluster cluster) throws IOException {
        String base = "orders-" + System.nanoTime();
        cluster.topics().create(base + ".eu", 1);
        cluster.topics().create(base + ".unknown", 1);
        String connector = cluster.connect().createConnector(connectorJson("chain-" + base, base));
        cluster.connect().awaitRunning(connector, 1, TIMEOUT);

        List<ConsumerRecord<byte[], byte[]>> eu = cluster.topics().read(base + ".eu", 3, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> unknown = cluster.topics().read(base + ".unknown", 1, TIMEOUT);

        String createdAt = "\"created_at\":\"2024-03-01T12:30:45.123Z\"";
        String attributes = "\"attributes\":{\"color\":\"red\",\"size\":42}";
        assertEquals(List.of(
                json("{\"id\":2,\"region\":\"eu\",\"email\":\"***@example.com\",\"notes\":\"first\"," + attributes + ","
                    + createdAt + ",\"__op\":\"c\",\"__source_lsn\":100,\"__deleted\":false}"),
                json("{\"id\":2,\"region\":\"eu\",\"email\":\"***@new.example\"," + attributes + "," + createdAt
                    + ",\"__op\":\"u\",\"__source_lsn\":110,\"__deleted\":false}"),
                json("{\"id\":2,\"region\":\"eu\",\"email\":\"***@new.example\",\"notes\":\"first\"," + attributes + ","
                    + createdAt + ",\"__op\":\"d\",\"__source_lsn\":130,\"__deleted\":true}")),
            payloads(eu, false));
        assertEquals(List.of(json("2"), json("2"), json("2")), payloads(eu, true));
        assertEquals(List.of(json("{\"id\":3,\"region\":null,\"email\":null,\"notes\":null,\"attributes\":null,"
                + createdAt + ",\"__op\":\"c\",\"__source_lsn\":120,\"__deleted\":false}")),
            payloads(unknown, false));
        assertEquals(List.of(json("3")), payloads(unknown, true));

        // the update's unchanged TOASTed column is gone from its schema too, so an upserting sink keeps it
        assertEquals(List.of("id", "region", "email", "attributes", "created_at", "__op", "__source_lsn", "__deleted"),
            fieldNames(eu.get(1)));
        JsonNode attributesSchema = fieldSchema(eu.get(0), "attributes");
        assertEquals("struct", attributesSchema.path("type").asText());
        assertEquals("int64", fieldSchema(eu.get(0), "__source_lsn").path("type").asText());

        cluster.connect().deleteConnector(connector);
        cluster.connect().awaitDeleted(connector, TIMEOUT);
    }

    @Test
    void listsOurTransformsAndPredicatesAsWorkerPlugins(KafkaConnectCluster cluster) {
        List<String> plugins = cluster.connect().plugins();

        for (String plugin : List.of("io.tributary.connect.transforms.Unwrap",
            "io.tributary.connect.transforms.ParseJson$Value",
            "io.tributary.connect.transforms.ConvertTimestamps$Value",
            "io.tributary.connect.transforms.RouteByField", "io.tributary.connect.transforms.Deduplicate",
            "io.tributary.connect.transforms.OperationIs")) {
            assertTrue(plugins.contains(plugin), plugin + " in " + plugins);
        }
    }

    private static String connectorJson(String name, String base) {
        return """
            {
              "name": "%s",
              "config": {
                "connector.class": "io.tributary.connect.transforms.ScriptedChangeEventConnector",
                "tasks.max": "1",
                "topic": "%s",
                "transforms": "unwrap,skipSnapshot,parse,times,mask,key,dedupe,route",
                "transforms.unwrap.type": "io.tributary.connect.transforms.Unwrap",
                "transforms.unwrap.delete.handling": "rewrite",
                "transforms.unwrap.add.fields": "op,source.lsn",
                "transforms.skipSnapshot.type": "org.apache.kafka.connect.transforms.Filter",
                "transforms.skipSnapshot.predicate": "isSnapshotRead",
                "transforms.parse.type": "io.tributary.connect.transforms.ParseJson$Value",
                "transforms.parse.field": "attributes",
                "transforms.times.type": "io.tributary.connect.transforms.ConvertTimestamps$Value",
                "transforms.times.fields": "created_at",
                "transforms.times.to": "iso8601",
                "transforms.mask.type": "io.tributary.connect.transforms.Mask$Value",
                "transforms.mask.fields": "email:regex:^[^@]+=***",
                "transforms.key.type": "io.tributary.connect.transforms.DeriveKey",
                "transforms.key.fields": "id",
                "transforms.dedupe.type": "io.tributary.connect.transforms.Deduplicate",
                "transforms.dedupe.fields": "id,__source_lsn",
                "transforms.dedupe.ttl.ms": "3600000",
                "transforms.route.type": "io.tributary.connect.transforms.RouteByField",
                "transforms.route.topic.template": "${topic}.${field:region}",
                "transforms.route.on.missing": "default",
                "transforms.route.default.value": "unknown",
                "predicates": "isSnapshotRead",
                "predicates.isSnapshotRead.type": "io.tributary.connect.transforms.OperationIs",
                "predicates.isSnapshotRead.operations": "r"
              }
            }
            """.formatted(name, base);
    }

    private static List<JsonNode> payloads(List<ConsumerRecord<byte[], byte[]>> records,
                                           boolean keys) throws IOException {
        List<JsonNode> payloads = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            payloads.add(JSON.readTree(keys ? record.key() : record.value()).path("payload"));
        }
        return payloads;
    }

    private static List<String> fieldNames(ConsumerRecord<byte[], byte[]> record) throws IOException {
        List<String> names = new ArrayList<>();
        JSON.readTree(record.value()).path("schema").path("fields")
            .forEach(field -> names.add(field.path("field").asText()));
        return names;
    }

    private static JsonNode fieldSchema(ConsumerRecord<byte[], byte[]> record, String name) throws IOException {
        for (JsonNode field : JSON.readTree(record.value()).path("schema").path("fields")) {
            if (name.equals(field.path("field").asText())) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in the schema of " + new String(record.value()));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}
