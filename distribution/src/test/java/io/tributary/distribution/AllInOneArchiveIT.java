package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.PluginDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The all-in-one archive offers every plugin that the four plugin directories offer, holds each library once,
 * and leaves out what the plugin directories leave out (Kafka's own jars, Debezium's CloudEventsConverter).
 */
class AllInOneArchiveIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> PLUGINS = List.of("connect-source-jdbc", "connect-sink-elasticsearch",
            "connect-cdc", "smt-transforms");
    private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

    @Test
    void offersEveryPluginOfTheFourPluginDirectoriesWithEachLibraryOnce() throws IOException {
        Path zip;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            zip = built.filter(file -> file.getFileName().toString().matches("tributary-all-.+\\.zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/tributary-all-<version>.zip: built at package"));
        }
        String base = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path lib = unzip(zip, Path.of("target", "all-in-one-check")).resolve(base).resolve("lib");

        Map<String, Map<String, String>> offered = PluginDirectory.offeredPlugins(lib);
        for (String plugin : PLUGINS) {
            Path dir = ROOT.resolve(plugin).resolve("target/plugin").resolve(plugin);
            Map<String, Map<String, String>> ofPlugin = PluginDirectory.offeredPlugins(dir);
            assertFalse(ofPlugin.isEmpty(), dir + " offers no plugin: is " + plugin + " packaged?");
            ofPlugin.forEach((kind, classes) -> classes.keySet().forEach(type ->
                    assertTrue(offered.getOrDefault(kind, Map.of()).containsKey(type),
                            "the archive does not offer " + kind + " " + type + " that " + plugin + " offers")));
        }
        assertFalse(offered.getOrDefault("org.apache.kafka.connect.storage.Converter", Map.of())
                .containsKey("io.debezium.converters.CloudEventsConverter"), "CloudEventsConverter is left out");

        Map<String, TreeSet<String>> versions = new TreeMap<>();
        try (Stream<Path> jars = Files.list(lib)) {
            jars.map(jar -> jar.getFileName().toString()).forEach(name -> {
                Matcher matcher = VERSIONED_JAR.matcher(name);
                assertTrue(matcher.matches(), "a jar without a version: " + name);
                versions.computeIfAbsent(matcher.group(1), key -> new TreeSet<>()).add(matcher.group(2));
            });
        }
        versions.forEach((artifact, found) -> assertEquals(1, found.size(), artifact + " more than once: " + found));
        for (String kafka : List.of("kafka-clients", "connect-api", "connect-runtime", "connect-json")) {
            assertFalse(versions.containsKey(kafka), kafka + " is the worker's, not the archive's");
        }
        assertTrue(Files.isRegularFile(Path.of(zip + ".sha512")), "a SHA-512 file beside the archive");
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into.normalize())) {
                    throw new IOException("entry outside the archive's directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }
}
