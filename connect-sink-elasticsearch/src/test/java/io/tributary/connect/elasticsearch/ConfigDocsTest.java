package io.tributary.connect.elasticsearch;

import io.tributary.connect.testkit.ConfigDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    @Test
    void docsPageConfigTableMatchesTheConfigDef() {
        ConfigDocs.verify(Path.of("../docs/elasticsearch-sink.md"), "elasticsearch-sink",
                ElasticsearchSinkConfig.CONFIG_DEF);
    }
}
