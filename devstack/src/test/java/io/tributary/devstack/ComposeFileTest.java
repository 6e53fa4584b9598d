package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is checked against the repository instead: every
 * file it mounts exists, its images are the versions the build pins, the workers get every variable
 * configs/ refers to, and plugin.path names every mounted plugin.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    private static JsonNode services;
    private static String parentPom;

    @BeforeAll
    static void read() throws IOException {
        // SnakeYAML (which jackson-dataformat-yaml brings) resolves the file's anchors and merge keys; Jackson's tree
        // does not
        Object compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = new ObjectMapper().valueToTree(compose).path("services");
        parentPom = Files.readString(ROOT.resolve("pom.xml"));
    }

    @Test
    void runsThreeBrokersTwoWorkersAndTheDatabases() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("kafka-1", "kafka-2", "kafka-3", "connect-1", "connect-2", "postgres", "elasticsearch",
                "deploy-pipelines"), names);
    }

    @Test
    void everyMountedFileOrDirectoryExists() {
        List<String> missing = new ArrayList<>();
        services.forEach(service -> service.path("volumes").forEach(volume -> {
            String source = volume.asText().split(":")[0];
            if (!Files.exists(ROOT.resolve(source))) {
                missing.add(source);
            }
        }));
        assertEquals(List.of(), missing, "mounted but absent (plugins are built by mvn package)");
    }

    @Test
    void imagesAreTheVersionsTheBuildPins() {
        String kafka = "apache/kafka:" + property("kafka.version");
        for (String node : List.of("kafka-1", "kafka-2", "kafka-3", "connect-1", "connect-2")) {
            assertEquals(kafka, services.path(node).path("image").asText(), node);
        }
        assertEquals("docker.elastic.co/elasticsearch/elasticsearch:" + property("elasticsearch.server8.version"),
                services.path("elasticsearch").path("image").asText());
        assertTrue(services.path("postgres").path("command").toString().contains("wal_level=logical"));
    }

    @Test
    void workersGetEveryVariableTheConnectorFilesReferTo() throws IOException {
        Set<String> referenced = new TreeSet<>();
        Pattern reference = Pattern.compile("\\$\\{env:([A-Z_]+)}");
        try (Stream<Path> files = Stream.of("ingest", "etl", "cdc").flatMap(ComposeFileTest::list)) {
            for (Path file : files.toList()) {
                Matcher matcher = reference.matcher(Files.readString(file));
                while (matcher.find()) {
                    referenced.add(matcher.group(1));
                }
            }
        }
        for (String worker : List.of("connect-1", "connect-2")) {
            Set<String> given = new HashSet<>();
            services.path(worker).path("environment").fieldNames().forEachRemaining(given::add);
            assertTrue(given.containsAll(referenced), worker + " lacks some of " + referenced + "; has " + given);
        }
    }

    @Test
    void pluginPathNamesEveryMountedPluginAndTheSharedWorkerSettingsAreMounted() {
        JsonNode worker = services.path("connect-1");
        String command = worker.path("command").toString();
        List<String> mounted = new ArrayList<>();
        worker.path("volumes").forEach(volume -> {
            String[] parts = volume.asText().split(":");
            if (parts[0].endsWith("/target/plugin")) {
                mounted.add(parts[1]);
            }
        });
        assertEquals(4, mounted.size(), "the four plugin modules are mounted");
        for (String dir : mounted) {
            assertTrue(command.contains(dir), "plugin.path lacks " + dir);
        }
        assertTrue(worker.path("volumes").toString().contains("./configs/worker/connect-distributed.properties:"));
    }

    private static Stream<Path> list(String folder) {
        try {
            return Files.list(ROOT.resolve("configs").resolve(folder))
                    .filter(file -> file.toString().endsWith(".json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String property(String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(parentPom);
        assertTrue(matcher.find(), "the parent pom has no " + name);
        return matcher.group(1);
    }
}
