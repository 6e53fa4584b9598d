package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDirectoryTest {

    private static final String CONNECTOR = "example.cdc.ExampleConnector";
    private static final String TRANSFORM = "example.transforms.Unwrap";

    @TempDir
    Path dir;

    @Test
    void passesWhenTheDirectoryOffersExactlyTheExpectedPlugins() throws IOException {
        jar("connector.jar", SourceConnector.class, "# our connector\n" + CONNECTOR + "\n");
        jar("library.jar", null, null);

        PluginDirectory.verify(dir, Map.of(SourceConnector.class, Set.of(CONNECTOR)));
    }

    @Test
    void failsNamingTheJarOfAPluginThatBelongsElsewhere() throws IOException {
        jar("connector.jar", SourceConnector.class, CONNECTOR + "\n");
        jar("transforms.jar", Transformation.class, TRANSFORM + "\n");

        AssertionError e = assertThrows(AssertionError.class,
                () -> PluginDirectory.verify(dir, Map.of(SourceConnector.class, Set.of(CONNECTOR))));

        assertEquals(dir + ":\ntransforms.jar offers Transformation " + TRANSFORM
                + ", which this plugin directory should not", e.getMessage());
    }

    @Test
    void failsWhenAnExpectedPluginIsNotOffered() throws IOException {
        jar("library.jar", null, null);

        AssertionError e = assertThrows(AssertionError.class,
                () -> PluginDirectory.verify(dir, Map.of(SourceConnector.class, Set.of(CONNECTOR))));

        assertEquals(dir + ":\nno jar offers SourceConnector " + CONNECTOR, e.getMessage());
    }

    @Test
    void failsWhenTheDirectoryWasNotBuilt() {
        assertThrows(AssertionError.class, () -> PluginDirectory.verify(dir.resolve("missing"), Map.of()));
    }

    private void jar(String name, Class<?> kind, String services) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/services/java.sql.Driver"));
            jar.write("example.Driver\n".getBytes(StandardCharsets.UTF_8));
            if (kind != null) {
                jar.putNextEntry(new JarEntry("META-INF/services/" + kind.getName()));
                jar.write(services.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
