package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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
 * configs/ refers to, and plugin.path names every mounted plugin. And what it exposes: ports on loopback
 * only, no superuser password of ours, a database that asks every role for its password, and workers
 * whose config providers resolve only the variables and paths the pipelines use.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    private static final String ENV_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
    private static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";
    private static final String DIRECTORY_PROVIDER =
            "org.apache.kafka.common.config.provider.DirectoryConfigProvider";
    private static JsonNode services;
    private static String parentPom;
    private static Properties worker;

    @BeforeAll
    static void read() throws IOException {
        // SnakeYAML (which jackson-dataformat-yaml brings) resolves the file's anchors and merge keys; Jackson's tree
        // does not
        Object compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = new ObjectMapper().valueToTree(compose).path("services");
        parentPom = Files.readString(ROOT.resolve("pom.xml"));
        worker = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve("configs/worker/connect-distributed.properties"))) {
            worker.load(in);
        }
    }

    @Test
    void runsThreeBrokersTwoWorkersAndTheDatabases() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("kafka-1", "kafka-2", "kafka-3", "connect-1", "connect-2", "postgres", "elasticsearch",
                "deploy-pipelines"), names);
    }

    @Test
    void everyMountedOrCopiedFileOrDirectoryExists() throws IOException {
        List<String> missing = new ArrayList<>();
        services.forEach(service -> service.path("volumes").forEach(volume -> {
            String source = volume.asText().split(":")[0];
            if (!Files.exists(ROOT.resolve(source))) {
                missing.add(source);
            }
        }));
        for (String source : dockerfileCopies().keySet()) {
            if (!Files.exists(ROOT.resolve(source))) {
                missing.add(source);
            }
        }
        assertEquals(List.of(), missing, "mounted or copied but absent (plugins are built by mvn package)");
    }

    @Test
    void theImageContextKeepsEverythingTheDockerfileCopies() throws IOException {
        List<String> kept = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .filter(line -> line.startsWith("!")).map(line -> line.substring(1)).toList();
        assertTrue(Files.readAllLines(ROOT.resolve(".dockerignore")).contains("*"),
                ".dockerignore leaves out everything (a build context of the whole repository is gigabytes)");
        for (String source : dockerfileCopies().keySet()) {
            assertTrue(kept.stream().anyMatch(source::startsWith), ".dockerignore leaves out " + source);
        }
    }

    @Test
    void imagesAreTheVersionsTheBuildPins() throws IOException {
        String kafka = "apache/kafka:" + property("kafka.version");
        for (String node : List.of("kafka-1", "kafka-2", "kafka-3")) {
            assertEquals(kafka, services.path(node).path("image").asText(), node);
        }
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("ARG KAFKA_IMAGE=" + kafka + "\n"), "the Dockerfile's base is " + kafka);
        for (String worker : List.of("connect-1", "connect-2")) {
            JsonNode build = services.path(worker).path("build");
            assertEquals(".", build.path("context").asText(), worker + " builds the Dockerfile");
            assertEquals(kafka, build.path("args").path("KAFKA_IMAGE").asText(), worker);
        }
        assertEquals("docker.elastic.co/elasticsearch/elasticsearch:" + property("elasticsearch.server8.version"),
                services.path("elasticsearch").path("image").asText());
        assertTrue(services.path("postgres").path("command").toString().contains("wal_level=logical"));
    }

    @Test
    void workersGetEveryVariableTheConnectorFilesReferTo() throws IOException {
        Set<String> referenced = references("env");
        for (String worker : List.of("connect-1", "connect-2")) {
            Set<String> given = new HashSet<>();
            services.path(worker).path("environment").fieldNames().forEachRemaining(given::add);
            assertTrue(given.containsAll(referenced), worker + " lacks some of " + referenced + "; has " + given);
        }
    }

    @Test
    void everyWorkerRunsThePrometheusExporterWithTheShippedRulesOnLoopback() throws IOException {
        for (String worker : List.of("connect-1", "connect-2")) {
            JsonNode service = services.path(worker);
            String options = service.path("environment").path("KAFKA_OPTS").asText();
            assertTrue(options.startsWith("-javaagent:/opt/tributary/jmx/jmx_prometheus_javaagent.jar=9404:"
                    + "/opt/tributary/jmx/connect-worker-jmx.yml"), worker + ": " + options);
            Map<String, String> copies = dockerfileCopies();
            assertEquals("/opt/tributary/jmx/jmx_prometheus_javaagent.jar",
                    copies.get("devstack/target/agents/jmx_prometheus_javaagent.jar"), "the image's agent");
            assertEquals("/opt/tributary/jmx/connect-worker-jmx.yml",
                    copies.get("deploy/prometheus/connect-worker-jmx.yml"), "the image's exporter rules");
            assertTrue(service.path("ports").toString().contains(":9404\""), worker + " publishes the exporter");
        }
    }

    @Test
    void theImageCarriesEveryPluginUnderThePluginPathAndTheSharedWorkerSettings() throws IOException {
        Map<String, String> copies = dockerfileCopies();
        for (String module : List.of("connect-source-jdbc", "connect-sink-elasticsearch", "connect-cdc",
                "smt-transforms")) {
            assertEquals("/opt/tributary/plugins/", copies.get(module + "/target/plugin/"), module);
        }
        assertEquals("/etc/tributary/connect-distributed.properties",
                copies.get("configs/worker/connect-distributed.properties"));
        for (String worker : List.of("connect-1", "connect-2")) {
            String command = services.path(worker).path("command").toString();
            assertTrue(command.contains("plugin.path=/opt/tributary/plugins\\n"), worker + ": " + command);
            assertTrue(command.contains("cp /etc/tributary/connect-distributed.properties "), worker + ": " + command);
        }
    }

    /** The Dockerfile's COPY instructions: source in the repository to destination in the image. */
    private static Map<String, String> dockerfileCopies() throws IOException {
        Map<String, String> copies = new TreeMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            if (line.startsWith("COPY ")) {
                String[] parts = line.trim().split("\\s+");
                copies.put(parts[1], parts[2]);
            }
        }
        assertFalse(copies.isEmpty(), "the Dockerfile copies nothing");
        return copies;
    }

    @Test
    void publishesEveryPortOnLoopbackOnly() {
        Map<String, List<String>> published = new TreeMap<>();
        services.fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port ->
                published.computeIfAbsent(service.getKey(), name -> new ArrayList<>()).add(hostAddress(port))));

        // each worker publishes its REST port and its Prometheus endpoint
        assertEquals(Map.of("connect-1", List.of("127.0.0.1", "127.0.0.1"),
                "connect-2", List.of("127.0.0.1", "127.0.0.1"),
                "elasticsearch", List.of("127.0.0.1"), "postgres", List.of("127.0.0.1")), published,
                "the host address of every published port (empty: every interface)");
        services.forEach(service -> assertFalse(service.path("network_mode").asText().equals("host"),
                "a service on the host network publishes everything it listens on"));
    }

    @Test
    void superuserPasswordComesFromTheEnvFileWithAClearErrorWhenMissing() throws IOException {
        String password = services.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText();

        assertTrue(password.matches("\\$\\{POSTGRES_PASSWORD:\\?[^}]*\\.env[^}]*}"),
                "POSTGRES_PASSWORD must be ${POSTGRES_PASSWORD:?<what to do, naming .env>}, not " + password);
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertFalse(compose.contains("POSTGRES_PASSWORD:-"), "no default superuser password");
        Properties example = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve(".env.example"))) {
            example.load(in);
        }
        assertEquals("", example.getProperty("POSTGRES_PASSWORD"),
                ".env.example names POSTGRES_PASSWORD and leaves choosing it to the user");
        assertTrue(Files.readAllLines(ROOT.resolve(".gitignore")).contains(".env"), "git never sees .env");
    }

    @Test
    void databaseAsksEveryRoleForItsScramPassword() {
        JsonNode postgres = services.path("postgres");
        String initdb = postgres.path("environment").path("POSTGRES_INITDB_ARGS").asText();

        assertTrue(initdb.contains("--auth-host=scram-sha-256") && initdb.contains("--auth-local=scram-sha-256"),
                "initdb writes scram-sha-256 for host and local connections: " + initdb);
        assertEquals("scram-sha-256", postgres.path("environment").path("POSTGRES_HOST_AUTH_METHOD").asText());
        assertTrue(postgres.path("command").toString().contains("password_encryption=scram-sha-256"));
    }

    @Test
    void configProvidersResolveOnlyTheVariablesAndPathsThePipelinesUse() throws IOException {
        Set<String> referenced = references("env");
        String[] providers = worker.getProperty("config.providers", "").split(",");
        assertEquals(List.of("env", "file"), List.of(providers));
        for (String provider : providers) {
            String prefix = "config.providers." + provider.trim() + ".";
            String type = worker.getProperty(prefix + "class");
            if (ENV_PROVIDER.equals(type)) {
                String allowlist = worker.getProperty(prefix + "param.allowlist.pattern");
                assertNotNull(allowlist, provider + " resolves every variable of the worker without an allowlist");
                Pattern allowed = Pattern.compile(allowlist);
                for (String name : referenced) {
                    assertTrue(allowed.matcher(name).matches(), allowlist + " lacks " + name);
                }
                for (String name : List.of("PATH", "HOME", "JAVA_HOME", "KAFKA_OPTS", "POSTGRES_PASSWORD",
                        "AWS_SECRET_ACCESS_KEY")) {
                    assertFalse(allowed.matcher(name).matches(), allowlist + " lets ${env:" + name + "} through");
                }
            } else if (FILE_PROVIDER.equals(type) || DIRECTORY_PROVIDER.equals(type)) {
                String paths = worker.getProperty(prefix + "param.allowed.paths");
                assertNotNull(paths, provider + " reads any file the worker can read without allowed.paths");
                assertEquals(List.of("/etc/tributary/secrets"), List.of(paths.split(",")));
                assertTrue(services.path("connect-1").path("volumes").toString()
                                .contains(":/etc/tributary/secrets:ro"),
                        "the workers refuse to start when an allowed path does not exist: mount it");
                assertEquals(Set.of(), references(provider), "the pipelines read no file");
            } else {
                fail(provider + " is " + type + ", which this test does not know how to restrict");
            }
        }
        for (String name : List.of("connect-1", "connect-2")) {
            assertFalse(services.path(name).path("command").toString().contains("config.providers"),
                    name + " must not widen the shared providers");
        }
    }

    /** The names that connector files of configs/ resolve through {@code provider}, as in ${env:NAME}. */
    private static Set<String> references(String provider) throws IOException {
        Set<String> referenced = new TreeSet<>();
        Pattern reference = Pattern.compile("\\$\\{" + Pattern.quote(provider) + ":([^}:]+)[^}]*}");
        try (Stream<Path> files = Stream.of("ingest", "etl", "cdc").flatMap(ComposeFileTest::list)) {
            for (Path file : files.toList()) {
                Matcher matcher = reference.matcher(Files.readString(file));
                while (matcher.find()) {
                    referenced.add(matcher.group(1));
                }
            }
        }
        return referenced;
    }

    /** The host address a port is published on, short syntax (127.0.0.1:8083:8083) or long (host_ip). */
    private static String hostAddress(JsonNode port) {
        if (port.isObject()) {
            return port.path("host_ip").asText("");
        }
        String[] parts = port.asText().split(":");
        return parts.length == 3 ? parts[0] : "";
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
