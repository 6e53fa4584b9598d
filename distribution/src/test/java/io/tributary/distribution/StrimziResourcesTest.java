package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connect.KafkaConnectSpec;
import io.strimzi.api.kafka.model.connect.build.Artifact;
import io.strimzi.api.kafka.model.connect.build.Plugin;
import io.strimzi.api.kafka.model.connect.build.ZipArtifact;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/strimzi/: the KafkaConnector resources are what configs/ makes, every resource is what Strimzi 0.49's API
 * model takes, and the resources fit together (the connectors name the Connect cluster, the Secret holds what they
 * refer to and the workers may read it, the image build fetches every plugin).
 */
class StrimziResourcesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = ROOT.resolve("deploy/strimzi");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secrets:([^/}]+)/([^:}]+):([^}]+)}");

    @Test
    void connectorsFileIsWhatConfigsMake() throws IOException {
        StrimziConnectors.verify(ROOT);
    }

    @Test
    void everyResourceReadsIntoStrimzisModelWithoutProblems() throws IOException {
        List<Path> files = yamlFiles();
        assertEquals(List.of("connect.yaml", "connectors.yaml", "kafka.yaml", "rbac.yaml", "secret.yaml"),
                files.stream().map(file -> file.getFileName().toString()).toList());
        for (Path file : files) {
            StrimziModel.Reading reading = StrimziModel.read(file);
            assertEquals(List.of(), reading.problems(), file.toString());
            assertFalse(reading.resources().isEmpty(), file + " holds no resource");
        }
    }

    @Test
    void reportsMisspeltFieldsWrongTypesAndWhatStrimziRefuses() throws IOException {
        StrimziModel.Reading reading = StrimziModel.read(Path.of("src/test/resources/strimzi/broken.yaml"));

        assertEquals(List.of(
                "broken.yaml #1 KafkaConnector misspelt: unknown field spec.tasksMaxx",
                "broken.yaml #2 KafkaConnect wrong-type: cannot read spec.replicas: Cannot deserialize value of type "
                        + "`int` from String \"two\": not a valid `int` value",
                "broken.yaml #3 KafkaConnect incomplete: field spec.externalConfiguration is deprecated (not in "
                        + "Strimzi's v1 API)",
                "broken.yaml #3 KafkaConnect incomplete: unknown field spec.build.plugins[0].artifacts[0].sha512",
                "broken.yaml #3 KafkaConnect incomplete: required field spec.groupId is missing (required in the v1 "
                        + "API)",
                "broken.yaml #3 KafkaConnect incomplete: required field spec.configStorageTopic is missing (required "
                        + "in the v1 API)",
                "broken.yaml #3 KafkaConnect incomplete: required field spec.offsetStorageTopic is missing (required "
                        + "in the v1 API)",
                "broken.yaml #3 KafkaConnect incomplete: required field spec.statusStorageTopic is missing (required "
                        + "in the v1 API)",
                "broken.yaml #3 KafkaConnect incomplete: spec.build.plugins[0].artifacts[0].url "
                        + "'releases/tributary-connect-source-jdbc-component.zip' is no URL Strimzi takes "
                        + "(^(https?|ftp)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]$)",
                "broken.yaml #4 KafkaMirrorMaker unknown-kind: unknown kind 'KafkaMirrorMaker' (known: Kafka, "
                        + "KafkaConnect, KafkaConnector, KafkaNodePool, Role, RoleBinding, Secret)",
                "broken.yaml #5 Secret misspelt-secret: unknown field stringdata",
                "broken.yaml #6 KafkaConnector option-in-config: spec.config.tasks.max belongs in spec (class, "
                        + "tasksMax)",
                "broken.yaml #6 KafkaConnector option-in-config: label strimzi.io/cluster is missing: it names the "
                        + "cluster this belongs to"),
                reading.problems());
    }

    @Test
    void everyPipelineOfConfigsIsAConnectorOfTheConnectCluster() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> pipelines = new TreeSet<>();
        for (Path file : StrimziConnectors.connectorFiles(ROOT)) {
            pipelines.add(json.readTree(file.toFile()).get("name").asText());
        }
        assertEquals(7, pipelines.size(), "configs/ changed: check this test's count");

        List<KafkaConnector> connectors = all(KafkaConnector.class);
        assertEquals(pipelines, connectors.stream().map(c -> c.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new)));
        KafkaConnect connect = one(KafkaConnect.class);
        assertEquals(StrimziConnectors.CONNECT_CLUSTER, connect.getMetadata().getName());
        assertEquals("true", connect.getMetadata().getAnnotations().get("strimzi.io/use-connector-resources"));
        for (KafkaConnector connector : connectors) {
            assertEquals(connect.getMetadata().getName(), connector.getMetadata().getLabels().get("strimzi.io/cluster"),
                    connector.getMetadata().getName());
        }
    }

    @Test
    void everyResourceIsInTheNamespaceTheSecretReferencesName() throws IOException {
        for (Path file : yamlFiles()) {
            for (StrimziModel.Resource resource : StrimziModel.read(file).resources()) {
                assertEquals(StrimziConnectors.NAMESPACE, resource.model().getMetadata().getNamespace(),
                        resource.where());
            }
        }
    }

    @Test
    void kafkaIsThreeKraftNodesOfAVersionStrimziRuns() throws IOException {
        Kafka kafka = one(Kafka.class);
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"));
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/node-pools"));
        assertTrue(kafka.getSpec().getKafka().getVersion().matches("4\\.[01]\\.\\d+"),
                "Strimzi 0.49 runs Kafka 4.0.x and 4.1.x: " + kafka.getSpec().getKafka().getVersion());
        assertEquals(kafka.getSpec().getKafka().getVersion(), one(KafkaConnect.class).getSpec().getVersion());
        int brokers = 0;
        int controllers = 0;
        for (KafkaNodePool pool : all(KafkaNodePool.class)) {
            assertEquals(kafka.getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
            List<String> roles = pool.getSpec().getRoles().stream().map(ProcessRoles::toValue).toList();
            brokers += roles.contains("broker") ? pool.getSpec().getReplicas() : 0;
            controllers += roles.contains("controller") ? pool.getSpec().getReplicas() : 0;
        }
        assertEquals(3, brokers, "brokers");
        assertEquals(3, controllers, "controllers");
        assertEquals(kafka.getMetadata().getName() + "-kafka-bootstrap:9093",
                one(KafkaConnect.class).getSpec().getBootstrapServers());
    }

    @Test
    void theSecretHoldsExactlyTheKeysTheConnectorsReferTo() throws IOException {
        Secret secret = one(Secret.class);
        assertEquals(StrimziConnectors.SECRET, secret.getMetadata().getName());
        Set<String> referred = new TreeSet<>();
        for (KafkaConnector connector : all(KafkaConnector.class)) {
            for (Object value : connector.getSpec().getConfig().values()) {
                Matcher matcher = SECRET_REFERENCE.matcher(String.valueOf(value));
                while (matcher.find()) {
                    assertEquals(secret.getMetadata().getNamespace(), matcher.group(1), matcher.group());
                    assertEquals(secret.getMetadata().getName(), matcher.group(2), matcher.group());
                    referred.add(matcher.group(3));
                }
                assertFalse(String.valueOf(value).matches(".*\\$\\{(env|file):.*"), "left as it was: " + value);
            }
        }
        assertEquals(Set.of("TRIBUTARY_ES_URL", "TRIBUTARY_MASK_SECRET", "TRIBUTARY_PG_PASSWORD", "TRIBUTARY_PG_URL",
                "TRIBUTARY_PG_USER"), referred);
        assertEquals(referred, new TreeSet<>(secret.getStringData().keySet()));
    }

    @Test
    void theConnectWorkersMayGetTheSecretAndNothingElse() throws IOException {
        KafkaConnect connect = one(KafkaConnect.class);
        assertEquals("secrets", connect.getSpec().getConfig().get("config.providers"));
        assertEquals("io.strimzi.kafka.KubernetesSecretConfigProvider",
                connect.getSpec().getConfig().get("config.providers.secrets.class"));

        Role role = one(Role.class);
        assertEquals(1, role.getRules().size());
        PolicyRule rule = role.getRules().get(0);
        assertEquals(List.of(""), rule.getApiGroups());
        assertEquals(List.of("secrets"), rule.getResources());
        assertEquals(List.of(StrimziConnectors.SECRET), rule.getResourceNames());
        assertEquals(List.of("get"), rule.getVerbs());

        RoleBinding binding = one(RoleBinding.class);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals("rbac.authorization.k8s.io", binding.getRoleRef().getApiGroup());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size());
        Subject subject = binding.getSubjects().get(0);
        assertEquals("ServiceAccount", subject.getKind());
        // Strimzi runs the workers of KafkaConnect <name> as the service account <name>-connect
        assertEquals(connect.getMetadata().getName() + "-connect", subject.getName());
        assertEquals(connect.getMetadata().getNamespace(), subject.getNamespace());
    }

    @Test
    void theImageBuildFetchesEveryPluginsComponentArchiveOfTheRelease() throws IOException {
        String version = System.getProperty("tributary.expected.version");
        assertNotNull(version, "surefire passes the project version");
        String release = version.replace("-SNAPSHOT", "");
        Set<String> modules;
        try (Stream<Path> dirs = Files.list(ROOT)) {
            modules = dirs.filter(dir -> Files.isDirectory(dir.resolve("src/component")))
                    .map(dir -> dir.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(Set.of("connect-cdc", "connect-sink-elasticsearch", "connect-source-jdbc", "smt-transforms"),
                modules);

        KafkaConnectSpec spec = one(KafkaConnect.class).getSpec();
        assertEquals(2, spec.getReplicas());
        Map<String, Plugin> plugins = new TreeMap<>();
        spec.getBuild().getPlugins().forEach(plugin -> plugins.put(plugin.getName(), plugin));
        assertEquals(modules.stream().map(module -> "tributary-" + module).collect(Collectors.toSet()),
                plugins.keySet());
        for (String module : modules) {
            List<Artifact> artifacts = plugins.get("tributary-" + module).getArtifacts();
            assertEquals(1, artifacts.size(), module);
            ZipArtifact zip = (ZipArtifact) artifacts.get(0);
            String archive = "tributary-" + module + "-" + release + "-component.zip";
            assertTrue(zip.getUrl().endsWith("/" + archive), zip.getUrl() + " should name " + archive);
            assertEquals("REPLACE-WITH-SHA512-OF-" + archive, zip.getSha512sum(),
                    "the checksum placeholder names the archive whose .sha512 file replaces it");
        }
    }

    @Test
    void theWorkersTakeTheSettingsOfConfigsWorker() throws IOException {
        Properties worker = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("configs/worker/connect-distributed.properties"))) {
            worker.load(reader);
        }
        KafkaConnectSpec spec = one(KafkaConnect.class).getSpec();
        // Strimzi has fields of its own for these
        Map<String, String> fields = Map.of(
                "group.id", spec.getGroupId(),
                "config.storage.topic", spec.getConfigStorageTopic(),
                "offset.storage.topic", spec.getOffsetStorageTopic(),
                "status.storage.topic", spec.getStatusStorageTopic());
        // replaced by the Kubernetes Secret provider, and the devstack's fast failover (connect.yaml says why)
        Set<String> notCarried = Set.of("config.providers", "config.providers.env.class",
                "config.providers.env.param.allowlist.pattern", "config.providers.file.class",
                "config.providers.file.param.allowed.paths", "scheduled.rebalance.max.delay.ms",
                "session.timeout.ms", "heartbeat.interval.ms", "consumer.session.timeout.ms",
                "consumer.heartbeat.interval.ms");
        List<String> differences = new ArrayList<>();
        for (String key : new TreeSet<>(worker.stringPropertyNames())) {
            String expected = worker.getProperty(key);
            String actual = fields.containsKey(key) ? fields.get(key)
                    : spec.getConfig().get(key) == null ? null : String.valueOf(spec.getConfig().get(key));
            if (!notCarried.contains(key) && !expected.equals(actual)) {
                differences.add(key + ": " + expected + " in configs/worker, " + actual + " in connect.yaml");
            }
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void secretReferencesTakeTheKubernetesSecretForm() {
        assertEquals("jdbc:${secrets:tributary/tributary-credentials:TRIBUTARY_PG_URL}",
                StrimziConnectors.withSecretReferences("jdbc:${env:TRIBUTARY_PG_URL}", "test"));
        assertEquals("${secrets:tributary/tributary-credentials:pg.properties.password}",
                StrimziConnectors.withSecretReferences("${file:/etc/tributary/secrets/pg.properties:password}",
                        "test"));
        assertEquals("no reference", StrimziConnectors.withSecretReferences("no reference", "test"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> StrimziConnectors.withSecretReferences("${env:HOME}", "configs/x.json, key k"));
        assertEquals("configs/x.json, key k: the reference ${env:HOME} has no Kubernetes Secret form; use "
                + "${env:TRIBUTARY_...} or ${file:/etc/tributary/secrets/<file>:<key>}", other.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> StrimziConnectors.withSecretReferences("${file:/etc/passwd:root}", "test"));
    }

    @Test
    void aStaleConnectorsFileNamesTheCommandThatRegeneratesIt() throws IOException {
        assumeFalse(Boolean.getBoolean("tributary.docs.update"), "regenerating: a stale file is rewritten instead");
        Path root = Files.createTempDirectory("strimzi-stale");
        Files.createDirectories(root.resolve("configs/ingest"));
        Files.createDirectories(root.resolve("deploy/strimzi"));
        Path orders = Path.of("configs/ingest/legacy-orders.json");
        Files.copy(ROOT.resolve(orders), root.resolve(orders));
        Files.writeString(root.resolve("deploy/strimzi/connectors.yaml"), "# edited by hand\n");

        AssertionError stale = assertThrows(AssertionError.class, () -> StrimziConnectors.verify(root));
        assertTrue(stale.getMessage().contains(StrimziConnectors.REGENERATE), stale.getMessage());
    }

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static <T extends HasMetadata> List<T> all(Class<T> type) throws IOException {
        List<T> found = new ArrayList<>();
        for (Path file : yamlFiles()) {
            for (StrimziModel.Resource resource : StrimziModel.read(file).resources()) {
                if (type.isInstance(resource.model())) {
                    found.add(type.cast(resource.model()));
                }
            }
        }
        return found;
    }

    static <T extends HasMetadata> T one(Class<T> type) throws IOException {
        List<T> found = all(type);
        assertEquals(1, found.size(), "resources of kind " + type.getSimpleName());
        return found.get(0);
    }
}
