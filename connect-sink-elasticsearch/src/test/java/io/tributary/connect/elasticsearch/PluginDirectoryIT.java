package io.tributary.connect.elasticsearch;

import io.tributary.connect.testkit.PluginDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

/** The packaged plugin directory offers the Elasticsearch sink connector and nothing else. */
class PluginDirectoryIT {

    @Test
    void offersOnlyTheElasticsearchSinkConnector() {
        PluginDirectory.verify(Path.of("target/plugin/connect-sink-elasticsearch"),
                Map.of(SinkConnector.class, Set.of(ElasticsearchSinkConnector.class.getName())));
    }
}
