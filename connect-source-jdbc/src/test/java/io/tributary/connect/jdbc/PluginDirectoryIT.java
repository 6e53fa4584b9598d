package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.PluginDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

/** The packaged plugin directory offers the JDBC source connector and nothing else. */
class PluginDirectoryIT {

    @Test
    void offersOnlyTheJdbcSourceConnector() {
        PluginDirectory.verify(Path.of("target/plugin/connect-source-jdbc"),
                Map.of(SourceConnector.class, Set.of(JdbcSourceConnector.class.getName())));
    }
}
