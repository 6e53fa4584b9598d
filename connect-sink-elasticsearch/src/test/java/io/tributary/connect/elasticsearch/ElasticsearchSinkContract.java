package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.KafkaTopics.DeadLetter;
import io.tributary.connect.testkit.Poll;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/**
 * The sink against a real Connect worker and a real Elasticsearch; one subclass per major version.
 * Every test uses its own topic, index and connector.
 */
abstract class ElasticsearchSinkContract extends SinkTestSupport {

    static final Schema CUSTOMER = SchemaBuilder.struct().name("Customer")
            .field("name", Schema.STRING_SCHEMA)
            .field("city", Schema.STRING_SCHEMA)
            .field("visits", Schema.INT32_SCHEMA)
            .build();

    static Struct customer(String name, String city, int visits) {
        return new Struct(CUSTOMER).put("name", name).put("city", city).put("visits", visits);
    }

    @Test
    void indexesStructValuesWithTheIdFromTheKey(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("insert");
        cluster.topics().create(topic, 1);
        start(cluster, topic, sinkConfig(topic, es));

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "London", 3));
            producer.send(topic, Schema.STRING_SCHEMA, "c-2", CUSTOMER, customer("Grace", "Arlington", 5));
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "Oslo", 4));
        }

        awaitCount(es, topic, 2);
        Poll.until(TIMEOUT, "c-1 to be replaced",
                () -> es.indices().get(topic, "c-1").orElseThrow().get("visits").equals(4));
        assertEquals(doc("name", "Ada", "city", "Oslo", "visits", 4), es.indices().get(topic, "c-1").orElseThrow());
        assertEquals(doc("name", "Grace", "city", "Arlington", "visits", 5),
                es.indices().get(topic, "c-2").orElseThrow());
    }

    @Test
    void upsertMergesTheRecordIntoTheExistingDocument(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("upsert");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("write.method", "upsert");
        start(cluster, topic, config);
        Schema move = SchemaBuilder.struct().name("Move").field("city", Schema.STRING_SCHEMA).build();

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "London", 3));
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", move, new Struct(move).put("city", "Oslo"));
            producer.send(topic, Schema.STRING_SCHEMA, "c-2", move, new Struct(move).put("city", "Lima"));
        }

        awaitCount(es, topic, 2);
        Poll.until(TIMEOUT, "c-1 to move",
                () -> "Oslo".equals(es.indices().get(topic, "c-1").orElseThrow().get("city")));
        assertEquals(doc("name", "Ada", "city", "Oslo", "visits", 3), es.indices().get(topic, "c-1").orElseThrow());
        assertEquals(doc("city", "Lima"), es.indices().get(topic, "c-2").orElseThrow());
    }

    @Test
    void upsertsOfOneDocumentLandInOrderWithManyBulksInFlight(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("upsert-order");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("write.method", "upsert");
        config.put("version.mode", "none");
        config.put("max.in.flight.requests", "4");
        config.put("batch.size", "5");
        config.put("linger.ms", "0");
        start(cluster, topic, config);
        List<String> ids = List.of("c-1", "c-2", "c-3");

        // 5-record bulks over 3 ids: every bulk holds two writes of some id, and consecutive bulks share ids
        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            for (int version = 1; version <= 20; version++) {
                for (String id : ids) {
                    producer.send(topic, Schema.STRING_SCHEMA, id, CUSTOMER, customer(id, "city-" + version, version));
                }
            }
        }

        awaitCommitted(cluster, topic, 60);
        for (String id : ids) {
            assertEquals(doc("name", id, "city", "city-20", "visits", 20), es.indices().get(topic, id).orElseThrow());
        }
        assertEquals(3, es.indices().count(topic));
    }

    @Test
    void deletesTheDocumentOnATombstone(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("delete");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("behavior.on.null.values", "delete");
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "London", 3));
            producer.send(topic, Schema.STRING_SCHEMA, "c-2", CUSTOMER, customer("Grace", "Arlington", 5));
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", null, null);
            producer.send(topic, Schema.STRING_SCHEMA, "c-3", null, null);
        }

        awaitCount(es, topic, 1);
        assertFalse(es.indices().get(topic, "c-1").isPresent());
        assertEquals(doc("name", "Grace", "city", "Arlington", "visits", 5),
                es.indices().get(topic, "c-2").orElseThrow());
        assertTrue(cluster.connect().status(topic).isRunning(1), "a delete of a missing document is not an error");
    }

    @Test
    void ignoresTombstonesWhenToldTo(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("ignore-nulls");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("behavior.on.null.values", "ignore");
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "London", 3));
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", null, null);
            producer.send(topic, Schema.STRING_SCHEMA, "c-2", CUSTOMER, customer("Grace", "Arlington", 5));
        }

        awaitCount(es, topic, 2);
        assertEquals(doc("name", "Ada", "city", "London", "visits", 3), es.indices().get(topic, "c-1").orElseThrow());
        assertTrue(cluster.connect().status(topic).isRunning(1));
    }

    @Test
    void failsTheTaskOnATombstoneWhenNullsFail(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("fail-nulls");
        cluster.topics().create(topic, 1);
        start(cluster, topic, sinkConfig(topic, es));

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", null, null);
        }

        ConnectorStatus status = cluster.connect().awaitFailed(topic, TIMEOUT);
        assertTrue(status.traces().contains("has a null value and behavior.on.null.values=fail"), status.traces());
    }

    @Test
    void takesIdsFromNumberStructAndMapKeys(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("keys");
        cluster.topics().create(topic, 1);
        start(cluster, topic, sinkConfig(topic, es));
        Schema primaryKey = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Schema compositeKey = SchemaBuilder.struct()
                .field("tenant", Schema.STRING_SCHEMA)
                .field("id", Schema.INT32_SCHEMA)
                .build();
        Schema mapKey = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        Map<String, Integer> region = new LinkedHashMap<>();
        region.put("zone", 2);
        region.put("rack", 9);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.INT32_SCHEMA, 7, CUSTOMER, customer("int", "a", 1));
            producer.send(topic, Schema.INT64_SCHEMA, 9_007_199_254_740_993L, CUSTOMER, customer("long", "b", 2));
            producer.send(topic, primaryKey, new Struct(primaryKey).put("id", 42L), CUSTOMER, customer("pk", "c", 3));
            producer.send(topic, compositeKey, new Struct(compositeKey).put("tenant", "acme").put("id", 5), CUSTOMER,
                    customer("composite", "d", 4));
            producer.send(topic, mapKey, region, CUSTOMER, customer("map", "e", 5));
        }

        awaitCount(es, topic, 5);
        assertEquals("int", es.indices().get(topic, "7").orElseThrow().get("name"));
        assertEquals("long", es.indices().get(topic, "9007199254740993").orElseThrow().get("name"));
        assertEquals("pk", es.indices().get(topic, "42").orElseThrow().get("name"));
        assertEquals("composite", es.indices().get(topic, "{\"id\":5,\"tenant\":\"acme\"}").orElseThrow().get("name"));
        assertEquals("map", es.indices().get(topic, "{\"rack\":9,\"zone\":2}").orElseThrow().get("name"));
    }

    @Test
    void usesTopicPartitionAndOffsetAsIdWhenTheKeyIsIgnored(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("key-ignore");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("key.ignore", "true");
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "same", CUSTOMER, customer("first", "a", 1));
            producer.send(topic, Schema.STRING_SCHEMA, "same", CUSTOMER, customer("second", "b", 2));
        }

        awaitCount(es, topic, 2);
        assertEquals("first", es.indices().get(topic, topic + "+0+0").orElseThrow().get("name"));
        assertEquals("second", es.indices().get(topic, topic + "+0+1").orElseThrow().get("name"));
    }

    @Test
    void indexesSchemalessJsonValues(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("schemaless");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        schemaless(config);
        start(cluster, topic, config);
        Map<String, Object> order = doc("id", 17, "lines", List.of(doc("sku", "A-1", "qty", 2)), "paid", true,
                "total", 12.5);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), false)) {
            producer.send(topic, null, "o-17", null, order);
        }

        awaitCount(es, topic, 1);
        assertEquals(order, es.indices().get(topic, "o-17").orElseThrow());
    }

    @Test
    void indexesJsonStringValuesAsTheyAre(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("json-string");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.sendText(topic, Schema.STRING_SCHEMA, "e-1", "{\"event\": \"signup\", \"user\": {\"id\": 3}}");
        }

        awaitCount(es, topic, 1);
        assertEquals(doc("event", "signup", "user", doc("id", 3)), es.indices().get(topic, "e-1").orElseThrow());
    }

    @Test
    void writesLogicalTypesAsDatesAndNumbersElasticsearchUnderstands(KafkaConnectCluster cluster,
            ElasticsearchServer es) {
        String topic = fresh("logical");
        cluster.topics().create(topic, 1);
        start(cluster, topic, sinkConfig(topic, es));
        Schema schema = SchemaBuilder.struct().name("Payment")
                .field("amount", Decimal.schema(2))
                .field("day", Date.SCHEMA)
                .field("at", Time.SCHEMA)
                .field("created", Timestamp.SCHEMA)
                .build();
        Struct payment = new Struct(schema)
                .put("amount", new BigDecimal("1234.50"))
                .put("day", new java.util.Date(19_783L * 86_400_000L))
                .put("at", new java.util.Date((10 * 3600 + 15 * 60 + 30) * 1000L + 250))
                .put("created", new java.util.Date(1_709_288_130_123L));

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "p-1", schema, payment);
        }

        awaitCount(es, topic, 1);
        assertEquals(doc("amount", 1234.5, "day", "2024-03-01", "at", "10:15:30.250",
                "created", "2024-03-01T10:15:30.123Z"),
                es.indices().get(topic, "p-1").orElseThrow());
        assertEquals(1, es.indices().search(topic, "created:[2024-03-01T10:00:00Z TO 2024-03-01T11:00:00Z]", 10).size(),
                "Elasticsearch parsed the timestamp as a date");
        assertEquals(1, es.indices().search(topic, "amount:>1000", 10).size(), "and the decimal as a number");
    }

    @Test
    void createsAMissingIndexWithTheMappingOfTheSchema(KafkaConnectCluster cluster, ElasticsearchServer es)
            throws IOException {
        String topic = fresh("mapping");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("mapping.from.schema", "true");
        start(cluster, topic, config);
        Schema schema = SchemaBuilder.struct().name("Event")
                .field("code", Schema.INT16_SCHEMA)
                .field("label", Schema.STRING_SCHEMA)
                .field("at", Timestamp.SCHEMA)
                .build();

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "e-1", schema,
                    new Struct(schema).put("code", (short) 3).put("label", "boot").put("at", new java.util.Date(0)));
        }

        awaitCount(es, topic, 1);
        TypeMapping mapping = es.indices().client().indices().getMapping(r -> r.index(topic)).get(topic).mappings();
        assertEquals(Property.Kind.Short, mapping.properties().get("code")._kind());
        assertEquals(Property.Kind.Text, mapping.properties().get("label")._kind());
        assertEquals(Property.Kind.Keyword, mapping.properties().get("label").text().fields().get("keyword")._kind());
        assertEquals(Property.Kind.Date, mapping.properties().get("at")._kind());
    }

    @Test
    void neverChangesTheMappingOfAnExistingIndex(KafkaConnectCluster cluster, ElasticsearchServer es)
            throws IOException {
        String topic = fresh("existing-mapping");
        cluster.topics().create(topic, 1);
        es.indices().client().indices().create(r -> r.index(topic)
                .mappings(m -> m.properties("name", p -> p.keyword(k -> k))
                        .properties("visits", p -> p.long_(l -> l))));
        Map<String, String> config = sinkConfig(topic, es);
        config.put("mapping.from.schema", "true");
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "London", 3));
        }

        awaitCount(es, topic, 1);
        TypeMapping mapping = es.indices().client().indices().getMapping(r -> r.index(topic)).get(topic).mappings();
        assertEquals(Property.Kind.Keyword, mapping.properties().get("name")._kind());
        assertEquals(Property.Kind.Long, mapping.properties().get("visits")._kind());
    }

    @Test
    void externalVersioningKeepsTheNewestWrite(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("versions");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("version.mode", "header:row_version");
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "Oslo", 2), version(2));
            producer.send(topic, Schema.STRING_SCHEMA, "c-1", CUSTOMER, customer("Ada", "London", 1), version(1));
            producer.send(topic, Schema.STRING_SCHEMA, "c-2", CUSTOMER, customer("Grace", "Arlington", 5), version(1));
        }

        awaitCount(es, topic, 2);
        assertEquals(doc("name", "Ada", "city", "Oslo", "visits", 2), es.indices().get(topic, "c-1").orElseThrow());
        assertTrue(cluster.connect().status(topic).isRunning(1), "the version conflict was dropped silently");
    }

    private static RecordHeaders version(long version) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("row_version", Long.toString(version).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void sendsAMalformedDocumentToTheDeadLetterQueueAndIndexesTheRestOfItsBatch(KafkaConnectCluster cluster,
            ElasticsearchServer es) throws IOException {
        String topic = fresh("malformed");
        String dlq = topic + "-dlq";
        cluster.topics().create(topic, 1);
        es.indices().client().indices().create(r -> r.index(topic)
                .mappings(m -> m.properties("age", p -> p.long_(l -> l))));
        Map<String, String> config = sinkConfig(topic, es);
        schemaless(config);
        config.put("behavior.on.malformed.documents", "dlq");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("linger.ms", "1000");

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), false)) {
            producer.send(topic, null, "p-1", null, doc("name", "Ada", "age", 36));
            producer.send(topic, null, "p-2", null, doc("name", "Bob", "age", "thirty"));
            producer.send(topic, null, "p-3", null, doc("name", "Cy", "age", 41));
            producer.send(topic, null, "p-4", null, doc("name", "Di", "age", 29));
        }
        start(cluster, topic, config);

        List<DeadLetter> letters = cluster.topics().readDeadLetters(dlq, 1, TIMEOUT);
        awaitCount(es, topic, 3);
        assertEquals("\"p-2\"", letters.get(0).key());
        assertEquals(topic, letters.get(0).originalTopic());
        String reason = letters.get(0).exceptionMessage();
        assertTrue(reason.startsWith("Elasticsearch rejected the document: document_parsing_exception")
                || reason.startsWith("Elasticsearch rejected the document: mapper_parsing_exception"), reason);
        assertTrue(reason.contains("[age]"), reason);
        assertFalse(es.indices().get(topic, "p-2").isPresent());
        assertEquals(doc("name", "Cy", "age", 41), es.indices().get(topic, "p-3").orElseThrow());
        assertTrue(cluster.connect().status(topic).isRunning(1));
    }

    @Test
    void validationReportsEachProblemOnItsKey(KafkaConnectCluster cluster, ElasticsearchServer es) throws IOException {
        Map<String, String> valid = sinkConfig("orders", es);
        valid.put("name", "validate-" + major());

        assertEquals(Map.of(), cluster.connect().validate(valid).errors());

        Map<String, String> badUrl = new HashMap<>(valid);
        badUrl.put("connection.url", "es.example.com:9200");
        assertEquals(List.of("Invalid value es.example.com:9200 for configuration connection.url: the URL must start "
                + "with http:// or https://"), cluster.connect().validate(badUrl).errorsFor("connection.url"));

        Map<String, String> unreachable = new HashMap<>(valid);
        unreachable.put("connection.url", "http://127.0.0.1:" + freePort());
        unreachable.put("connection.timeout.ms", "2000");
        List<String> unreachableErrors = cluster.connect().validate(unreachable).errorsFor("connection.url");
        assertEquals(1, unreachableErrors.size());
        assertTrue(unreachableErrors.get(0).startsWith("cannot reach Elasticsearch at [http://127.0.0.1:"),
                unreachableErrors.get(0));

        Map<String, String> badFormat = new HashMap<>(valid);
        badFormat.put("index.name.format", "orders|${topic}");
        assertEquals(List.of("Invalid value orders|${topic} for configuration index.name.format: an index name cannot "
                + "contain '|'"), cluster.connect().validate(badFormat).errorsFor("index.name.format"));

        Map<String, String> streamUpsert = new HashMap<>(valid);
        streamUpsert.put("data.stream.type", "logs");
        streamUpsert.put("write.method", "upsert");
        ConfigValidation validation = cluster.connect().validate(streamUpsert);
        assertEquals(1, validation.errorCount());
        assertEquals(List.of("data streams only append documents; upsert needs an index (set data.stream.type=none, "
                + "or write.method=insert)"), validation.errorsFor("write.method"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void resumesAfterAnOutageWithEveryRecordOnceAndNeverCommitsAheadOfTheIndex(KafkaConnectCluster cluster,
                                                                               ElasticsearchServer es)
            throws InterruptedException {
        String topic = fresh("outage");
        cluster.topics().create(topic, 1);
        Map<String, String> config = sinkConfig(topic, es);
        config.put("retry.backoff.max.ms", "1000");
        config.put("connection.timeout.ms", "1000");
        config.put("read.timeout.ms", "5000");
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            for (int i = 0; i < 20; i++) {
                producer.send(topic, Schema.STRING_SCHEMA, "c-" + i, CUSTOMER, customer("n" + i, "before", i));
            }
            awaitCount(es, topic, 20);
            awaitCommitted(cluster, topic, 20);

            es.stop();
            try {
                for (int i = 20; i < 50; i++) {
                    producer.send(topic, Schema.STRING_SCHEMA, "c-" + i, CUSTOMER, customer("n" + i, "during", i));
                }
                // the worker commits every second: give it several chances to commit what ES never acknowledged
                long highest = 0;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                while (System.nanoTime() < until) {
                    highest = Math.max(highest, committed(cluster, topic));
                    pause(200);
                }
                assertEquals(20, highest, "committed offsets ran ahead of what Elasticsearch acknowledged");
                assertTrue(cluster.connect().status(topic).isRunning(1), "the task keeps running during the outage");
            } finally {
                es.start();
            }
        }

        awaitCount(es, topic, 50);
        awaitCommitted(cluster, topic, 50);
        for (int i = 0; i < 50; i++) {
            assertEquals(doc("name", "n" + i, "city", i < 20 ? "before" : "during", "visits", i),
                    es.indices().get(topic, "c-" + i).orElseThrow());
        }
        assertEquals(50, es.indices().count(topic));
    }

    /** Paces an observation loop; nothing waits on it for a result. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
