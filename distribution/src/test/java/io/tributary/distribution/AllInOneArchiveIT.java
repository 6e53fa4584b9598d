package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.PluginDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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

    /**
     * Kafka 4.1 added PluginMetrics (KIP-877); a class of ours that names it fails to load on the workers users
     * run without it (Kafka 3.x, MSK Connect, Confluent Platform 7). Only the registry's worker backend may name it,
     * and it is loaded only where the type exists.
     */
    @Test
    void noClassOfOursButTheWorkerMetricsBackendNamesPluginMetrics() throws IOException {
        Path zip;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            zip = built.filter(file -> file.getFileName().toString().matches("tributary-all-.+\\.zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/tributary-all-<version>.zip: built at package"));
        }
        byte[] type = "org/apache/kafka/common/metrics/PluginMetrics;".getBytes(StandardCharsets.UTF_8);
        byte[] internal = "org/apache/kafka/common/metrics/PluginMetrics".getBytes(StandardCharsets.UTF_8);
        TreeSet<String> naming = new TreeSet<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry jar : java.util.Collections.list(archive.entries())) {
                String name = jar.getName().substring(jar.getName().lastIndexOf('/') + 1);
                if (!name.matches("(connect-|smt-transforms).*\\.jar")) {
                    continue;
                }
                try (ZipInputStream classes = new ZipInputStream(archive.getInputStream(jar))) {
                    for (ZipEntry entry = classes.getNextEntry(); entry != null; entry = classes.getNextEntry()) {
                        if (entry.getName().endsWith(".class")) {
                            byte[] bytes = classes.readAllBytes();
                            if (contains(bytes, type) || containsExactly(bytes, internal)) {
                                naming.add(name + "!" + entry.getName());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(Set.of("connect-common-" + version(zip)
                + ".jar!io/tributary/connect/common/metrics/PluginMetricsRegistry$WorkerMetrics.class"), naming);
    }

    private static String version(Path zip) {
        return zip.getFileName().toString().replaceFirst("^tributary-all-", "").replaceFirst("\\.zip$", "");
    }

    /** Whether {@code bytes} holds {@code part} followed by no other name character (the type itself). */
    private static boolean containsExactly(byte[] bytes, byte[] part) {
        for (int at = indexOf(bytes, part, 0); at >= 0; at = indexOf(bytes, part, at + 1)) {
            int next = at + part.length;
            if (next >= bytes.length || !Character.isJavaIdentifierPart((char) bytes[next])) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        return indexOf(bytes, part, 0) >= 0;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        outer:
        for (int i = from; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
