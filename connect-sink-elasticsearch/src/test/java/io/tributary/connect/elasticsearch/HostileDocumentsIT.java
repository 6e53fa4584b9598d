package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.KafkaTopics.DeadLetter;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

/**
 * Records written by someone else, against a real worker and a real Elasticsearch (8.19, which puts a
 * document's source into its parsing errors): no value changes the shape of a bulk request, and a value or
 * id Elasticsearch cannot take goes to the dead-letter queue with the reason, while its neighbours land.
 */
@WithKafkaConnect
@WithElasticsearch(major = 8)
class HostileDocumentsIT extends SinkTestSupport {

    @Override
    int major() {
        return 8;
    }

    private Map<String, String> textSinkWithDeadLetters(String topic, String dlq, ElasticsearchServer es) {
        Map<String, String> config = sinkConfig(topic, es);
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("behavior.on.malformed.documents", "dlq");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        // one bulk request for the whole batch, as on a busy topic
        config.put("linger.ms", "1000");
        return config;
    }

    @Test
    void aValueCarryingASecondBulkLineCannotDeleteADocumentOfAnotherIndex(KafkaConnectCluster cluster,
                                                                         ElasticsearchServer es) throws IOException {
        String victim = fresh("victim");
        es.indices().client().index(i -> i.index(victim).id("42").document(Map.of("name", "kept")));
        es.indices().refresh(victim);
        String topic = fresh("injection");
        String dlq = topic + "-dlq";
        cluster.topics().create(topic, 1);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-1", "{\"n\":1}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-2",
                    "{\"a\":1}\n{\"delete\":{\"_index\":\"" + victim + "\",\"_id\":\"42\"}}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-3", "{\"n\":3}");
        }
        start(cluster, topic, textSinkWithDeadLetters(topic, dlq, es));

        awaitLastOrFailure(cluster, es, topic, "k-3");
        es.indices().refresh(victim);
        assertEquals(Optional.of(Map.of("name", "kept")), es.indices().get(victim, "42"),
                "the document of the other index is still there");
        assertTrue(cluster.connect().status(topic).isRunning(1), cluster.connect().status(topic).traces());
        List<DeadLetter> letters = cluster.topics().readDeadLetters(dlq, 1, TIMEOUT);
        awaitCount(es, topic, 2);
        assertEquals("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"k-2\"}", letters.get(0).key());
        assertEquals("a string value must hold exactly one JSON object to be a document; more follows it at line 2, "
                + "column 1", letters.get(0).exceptionMessage());
        assertEquals(Map.of("n", 1), es.indices().get(topic, "k-1").orElseThrow());
        assertEquals(Map.of("n", 3), es.indices().get(topic, "k-3").orElseThrow());
        assertFalse(es.indices().get(topic, "k-2").isPresent());
        assertTrue(cluster.connect().status(topic).isRunning(1));
    }

    @Test
    void indexesAPrettyPrintedJsonDocumentAndItsNeighbours(KafkaConnectCluster cluster, ElasticsearchServer es) {
        String topic = fresh("pretty");
        String dlq = topic + "-dlq";
        cluster.topics().create(topic, 1);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-1", "{\"n\":1}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-2",
                    "{\n  \"name\" : \"Ada\",\n  \"address\" : {\n    \"city\" : \"London\"\n  }\n}\n");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-3", "{\"n\":3}");
        }
        start(cluster, topic, textSinkWithDeadLetters(topic, dlq, es));

        awaitLastOrFailure(cluster, es, topic, "k-3");
        assertTrue(cluster.connect().status(topic).isRunning(1), cluster.connect().status(topic).traces());
        awaitCount(es, topic, 3);
        assertEquals(doc("name", "Ada", "address", doc("city", "London")),
                es.indices().get(topic, "k-2").orElseThrow());
        assertEquals(Map.of("n", 1), es.indices().get(topic, "k-1").orElseThrow());
        assertEquals(Map.of("n", 3), es.indices().get(topic, "k-3").orElseThrow());
        assertTrue(cluster.connect().status(topic).isRunning(1));
        assertEquals(0, cluster.topics().endOffset(dlq), "nothing went to the dead-letter queue");
    }

    @Test
    void anIdLongerThanElasticsearchTakesGoesToTheDeadLetterQueueAndItsNeighboursLand(KafkaConnectCluster cluster,
                                                                                       ElasticsearchServer es) {
        String topic = fresh("long-id");
        String dlq = topic + "-dlq";
        cluster.topics().create(topic, 1);
        String url = "https://shop.example.com/" + "catalogue/".repeat(60) + "item";

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-1", "{\"n\":1}");
            producer.sendText(topic, Schema.STRING_SCHEMA, url, "{\"n\":2}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-3", "{\"n\":3}");
        }
        start(cluster, topic, textSinkWithDeadLetters(topic, dlq, es));

        awaitLastOrFailure(cluster, es, topic, "k-3");
        assertTrue(cluster.connect().status(topic).isRunning(1), cluster.connect().status(topic).traces());
        List<DeadLetter> letters = cluster.topics().readDeadLetters(dlq, 1, TIMEOUT);
        awaitCount(es, topic, 2);
        assertEquals("the document id taken from the key is " + url.length() + " bytes long (UTF-8); Elasticsearch "
                + "takes at most 512. Shorten the key (for example by hashing it with the DeriveKey transform) or set "
                + "key.ignore=true", letters.get(0).exceptionMessage());
        assertEquals(Map.of("n", 1), es.indices().get(topic, "k-1").orElseThrow());
    }

    @Test
    void aRejectedDocumentsValuesStayOutOfTheDeadLetterHeaders(KafkaConnectCluster cluster, ElasticsearchServer es)
            throws IOException {
        String topic = fresh("leak-dlq");
        String dlq = topic + "-dlq";
        cluster.topics().create(topic, 1);
        es.indices().client().indices().create(r -> r.index(topic)
                .mappings(m -> m.properties("age", p -> p.long_(l -> l))));

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-1", "{\"age\":36}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-2", "{\"age\":\"4111-1111-1111-1111\"}");
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-3", "{\"age\":41}");
        }
        start(cluster, topic, textSinkWithDeadLetters(topic, dlq, es));

        List<DeadLetter> letters = cluster.topics().readDeadLetters(dlq, 1, TIMEOUT);
        String reason = letters.get(0).exceptionMessage();
        assertTrue(reason.contains("[age]"), "the reason names the field: " + reason);
        assertFalse(reason.contains("4111"), "the reason holds no value: " + reason);
        assertFalse(String.valueOf(letters.get(0).headers()).contains("4111"), letters.get(0).headers().toString());
    }

    @Test
    void aRejectedDocumentsValuesStayOutOfTheTasksFailure(KafkaConnectCluster cluster, ElasticsearchServer es)
            throws IOException {
        String topic = fresh("leak-fail");
        cluster.topics().create(topic, 1);
        es.indices().client().indices().create(r -> r.index(topic)
                .mappings(m -> m.properties("age", p -> p.long_(l -> l))));
        Map<String, String> config = sinkConfig(topic, es);
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), true)) {
            producer.sendText(topic, Schema.STRING_SCHEMA, "k-1", "{\"age\":\"4111-1111-1111-1111\"}");
        }
        cluster.connect().createConnector(topic, config);
        try {
            String traces = cluster.connect().awaitFailed(topic, TIMEOUT).traces();
            assertTrue(traces.contains("[age]"), traces);
            assertFalse(traces.contains("4111"), traces);
        } finally {
            cluster.connect().deleteConnector(topic);
        }
    }

    /** Until the last record of the test is indexed or the task has failed: what happened can then be asserted. */
    private static void awaitLastOrFailure(KafkaConnectCluster cluster, ElasticsearchServer es, String index,
            String id) {
        Poll.until(TIMEOUT, () -> id + " to be indexed in " + index + " or the task to fail",
                () -> cluster.connect().status(index).anyFailed() || indexed(es, index, id));
    }

    private static boolean indexed(ElasticsearchServer es, String index, String id) {
        try {
            return es.indices().exists(index) && es.indices().get(index, id).isPresent();
        } catch (UncheckedIOException e) {
            return false; // a new index whose shard is not yet started answers 503
        }
    }
}
