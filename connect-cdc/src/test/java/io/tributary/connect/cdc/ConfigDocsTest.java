package io.tributary.connect.cdc;

import io.tributary.connect.testkit.ConfigDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    @Test
    void docsPageHoldsTheCurrentConfigTable() {
        ConfigDocs.verify(Path.of("../docs/cdc.md"), "PostgresCdcSourceConnector", PostgresCdcSourceConfig.CONFIG_DEF);
    }
}
