package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithKafkaConnect
@WithElasticsearch(major = 9)
class ElasticsearchSink9IT extends ElasticsearchSinkContract {

    @Override
    int major() {
        return 9;
    }

    @Test
    void appendsToADataStreamWithTheRecordTimestamp(KafkaConnectCluster cluster, ElasticsearchServer es)
            throws IOException {
        String topic = fresh("stream");
        String dataset = topic.replace('-', '_');
        String stream = "logs-" + dataset + "-default";
        cluster.topics().create(topic, 1);
        es.indices().client().indices().putIndexTemplate(t -> t.name(dataset).indexPatterns("logs-" + dataset + "-*")
                .dataStream(d -> d).priority(500L));
        Map<String, String> config = sinkConfig(topic, es);
        config.put("data.stream.type", "logs");
        config.put("data.stream.dataset", dataset);
        schemaless(config);
        start(cluster, topic, config);

        try (RecordProducer producer = new RecordProducer(cluster.bootstrapServers(), false)) {
            producer.send(topic, null, "e-1", null, doc("message", "started"));
            producer.send(topic, null, "e-2", null, doc("message", "stopped", "@timestamp", "2024-03-01T10:00:00Z"));
        }

        awaitCount(es, stream, 2);
        List<Map<String, Object>> started = es.indices().search(stream, "message:started", 10);
        List<Map<String, Object>> stopped = es.indices().search(stream, "message:stopped", 10);
        assertEquals(1, started.size());
        assertTrue(started.get(0).get("@timestamp") instanceof Number, "the record timestamp: " + started.get(0));
        assertEquals(doc("message", "stopped", "@timestamp", "2024-03-01T10:00:00Z"), stopped.get(0));
        // documents of a data stream live in its hidden backing indices (this distribution lacks GET _data_stream)
        String backingIndex = es.indices().client()
                .search(r -> r.index(stream), co.elastic.clients.json.JsonData.class)
                .hits().hits().get(0).index();
        assertTrue(backingIndex.startsWith(".ds-" + stream + "-"), backingIndex);
    }
}
