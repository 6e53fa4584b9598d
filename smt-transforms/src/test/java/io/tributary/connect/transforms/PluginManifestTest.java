package io.tributary.connect.transforms;

import io.tributary.connect.testkit.PluginManifests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PluginManifestTest {

    @Test
    void servicesFilesListEveryPluginOfThisModuleAndEachReportsTheProjectVersion() {
        PluginManifests.verify(Path.of("target/classes"), System.getProperty("tributary.expected.version"));
    }
}
