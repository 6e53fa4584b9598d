package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.ConfigDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JdbcSourceConfigDocsTest {

    @Test
    void docsPageConfigTableMatchesTheConfigDef() {
        ConfigDocs.verify(Path.of("../docs/jdbc-source.md"), "jdbc-source", JdbcSourceConfig.CONFIG_DEF);
    }
}
