package io.tributary.distribution;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connect.KafkaConnectSpec;
import io.strimzi.api.kafka.model.connect.build.Artifact;
import io.strimzi.api.kafka.model.connect.build.DownloadableArtifact;
import io.strimzi.api.kafka.model.connect.build.Plugin;
import io.strimzi.api.kafka.model.connector.AbstractConnectorSpec;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.connector.KafkaConnectorSpec;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads Kubernetes resources (YAML, several documents a file) into Strimzi's and fabric8's model classes, the
 * ones Strimzi's operator itself reads them into, and reports what the operator would not take as written: a field
 * the model does not have (Strimzi's classes keep those in {@code additionalProperties} rather than failing), a
 * value of the wrong type, a required field left out, a field Strimzi deprecated (absent from its v1 API), an
 * apiVersion or kind the model does not serve, and the constraints of Strimzi's CRDs that the model classes carry
 * only as build-time annotations (artifact URLs, plugin names, the v1-only required fields).
 */
final class StrimziModel {

    /** Kinds and their model classes. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Kafka", Kafka.class,
            "KafkaNodePool", KafkaNodePool.class,
            "KafkaConnect", KafkaConnect.class,
            "KafkaConnector", KafkaConnector.class,
            "Secret", Secret.class,
            "Role", Role.class,
            "RoleBinding", RoleBinding.class);

    /** Strimzi's CRD pattern of a downloadable artifact's url (DownloadableArtifact, 0.49). */
    private static final Pattern ARTIFACT_URL = Pattern.compile("^(https?|ftp)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*"
            + "[-a-zA-Z0-9+&@#/%=~_|]$");
    /** Strimzi's CRD pattern of a build plugin's name (Plugin, 0.49). */
    private static final Pattern PLUGIN_NAME = Pattern.compile("^[a-z0-9][-_a-z0-9]*[a-z0-9]$");
    private static final String STRIMZI_GROUP = "kafka.strimzi.io";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** A resource read from a file: where it came from and the model object. */
    record Resource(Path file, int document, String kind, String name, HasMetadata model) {
        String where() {
            return file.getFileName() + " #" + document + " " + kind + " " + name;
        }
    }

    /** What reading a file gave: the resources that could be read, and every problem found. */
    record Reading(List<Resource> resources, List<String> problems) {
    }

    private StrimziModel() {
    }

    static Reading read(Path file) throws IOException {
        List<Resource> resources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int document = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (documents.hasNextValue()) {
                JsonNode node = documents.nextValue();
                document++;
                if (node == null || node.isNull() || node.isEmpty()) {
                    continue;
                }
                readOne(file, document, node, resources, problems);
            }
        }
        return new Reading(resources, problems);
    }

    private static void readOne(Path file, int document, JsonNode node, List<Resource> resources,
            List<String> problems) {
        String kind = node.path("kind").asText("");
        String name = node.path("metadata").path("name").asText("(no name)");
        String where = file.getFileName() + " #" + document + " " + (kind.isEmpty() ? "(no kind)" : kind) + " " + name;
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            problems.add(where + ": unknown kind '" + kind + "' (known: " + KINDS.keySet().stream().sorted()
                    .collect(Collectors.joining(", ")) + ")");
            return;
        }
        String apiVersion = node.path("apiVersion").asText("");
        List<String> served = servedApiVersions(type);
        if (!served.contains(apiVersion)) {
            problems.add(where + ": apiVersion '" + apiVersion + "' is not one the model serves for " + kind + " "
                    + served);
        }
        HasMetadata model;
        try {
            model = YAML.treeToValue(node, type);
        } catch (JsonMappingException e) {
            problems.add(where + ": cannot read " + path(e) + ": " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problems.add(where + ": cannot read: " + e.getMessage());
            return;
        }
        Resource resource = new Resource(file, document, kind, name, model);
        List<String> own = new ArrayList<>();
        walk(model, "", false, own);
        kindRules(resource, own);
        own.forEach(problem -> problems.add(where + ": " + problem));
        resources.add(resource);
    }

    /** kafka.strimzi.io/v for each version a Strimzi model class lists; the annotated version otherwise. */
    static List<String> servedApiVersions(Class<? extends HasMetadata> type) {
        try {
            Object versions = type.getField("VERSIONS").get(null);
            if (versions instanceof Collection<?> list) {
                return list.stream().map(version -> STRIMZI_GROUP + "/" + version).toList();
            }
        } catch (NoSuchFieldException e) {
            // a core Kubernetes kind: one version, on the class's annotations
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return List.of(HasMetadata.getApiVersion(type));
    }

    /**
     * Every property of every model object under {@code value}: unknown fields, nulls in lists, required
     * properties left out, deprecated properties set.
     */
    private static void walk(Object value, String path, boolean inDeprecated, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, join(path, String.valueOf(key)), inDeprecated, problems));
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    problems.add(path + "[" + i + "] is empty or a value the model does not know");
                }
                walk(list.get(i), path + "[" + i + "]", inDeprecated, problems);
            }
            return;
        }
        String packageName = value.getClass().getPackageName();
        boolean model = packageName.startsWith("io.strimzi.api.")
                || packageName.startsWith("io.fabric8.kubernetes.api.");
        if (value instanceof Enum<?> || !model) {
            return; // a scalar or an enum (whose constants refer to each other)
        }
        unknownFields(value, path, problems);
        BeanDescription bean = YAML.getSerializationConfig().introspect(YAML.constructType(value.getClass()));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null || property.getName().equals("additionalProperties")) {
                continue;
            }
            Object child = accessor.getValue(value);
            String childPath = join(path, property.getName());
            if (property.isRequired() && child == null) {
                problems.add("required field " + childPath + " is missing");
            }
            boolean deprecated = child != null && deprecated(accessor.getAnnotated());
            if (deprecated && !inDeprecated) {
                problems.add("field " + childPath + " is deprecated (not in Strimzi's v1 API)");
            }
            walk(child, childPath, inDeprecated || deprecated, problems);
        }
    }

    private static void unknownFields(Object bean, String path, List<String> problems) {
        Method getter;
        try {
            getter = bean.getClass().getMethod("getAdditionalProperties");
        } catch (NoSuchMethodException e) {
            return;
        }
        try {
            if (getter.invoke(bean) instanceof Map<?, ?> unknown) {
                unknown.keySet().stream().map(String::valueOf).sorted()
                        .forEach(key -> problems.add("unknown field " + join(path, key)));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the unknown fields of " + bean.getClass().getName(), e);
        }
    }

    private static boolean deprecated(AnnotatedElement element) {
        return element != null && element.isAnnotationPresent(Deprecated.class);
    }

    /** What Strimzi's CRDs require or constrain beyond what the model classes carry at run time. */
    private static void kindRules(Resource resource, List<String> problems) {
        HasMetadata model = resource.model();
        if (model instanceof KafkaNodePool pool) {
            if (pool.getSpec() == null) {
                problems.add("required field spec is missing");
            } else if (pool.getSpec().getReplicas() < 1) {
                problems.add("spec.replicas must be 1 or more");
            }
            clusterLabel(pool, problems);
        } else if (model instanceof Kafka kafka && kafka.getSpec() == null) {
            problems.add("required field spec is missing");
        } else if (model instanceof KafkaConnect connect) {
            connectRules(connect.getSpec(), problems);
        } else if (model instanceof KafkaConnector connector) {
            connectorRules(connector.getSpec(), problems);
            clusterLabel(connector, problems);
        }
    }

    private static void connectRules(KafkaConnectSpec spec, List<String> problems) {
        if (spec == null) {
            problems.add("required field spec is missing");
            return;
        }
        if (spec.getReplicas() < 1) {
            problems.add("spec.replicas must be 1 or more (required in the v1 API)");
        }
        Map<String, String> v1Required = new LinkedHashMap<>();
        v1Required.put("spec.groupId", spec.getGroupId());
        v1Required.put("spec.configStorageTopic", spec.getConfigStorageTopic());
        v1Required.put("spec.offsetStorageTopic", spec.getOffsetStorageTopic());
        v1Required.put("spec.statusStorageTopic", spec.getStatusStorageTopic());
        v1Required.forEach((field, value) -> {
            if (value == null || value.isBlank()) {
                problems.add("required field " + field + " is missing (required in the v1 API)");
            }
        });
        configValues(spec.getConfig(), "spec.config", problems);
        List<String> forbidden = list(KafkaConnectSpec.FORBIDDEN_PREFIXES);
        List<String> exceptions = list(KafkaConnectSpec.FORBIDDEN_PREFIX_EXCEPTIONS);
        if (spec.getConfig() != null) {
            spec.getConfig().keySet().stream()
                    .filter(key -> forbidden.stream().anyMatch(key::startsWith) && !exceptions.contains(key))
                    .sorted()
                    .forEach(key -> problems.add("spec.config." + key + " is an option Strimzi sets itself and "
                            + "ignores here"));
        }
        if (spec.getBuild() == null) {
            return;
        }
        List<Plugin> plugins = spec.getBuild().getPlugins() == null ? List.of() : spec.getBuild().getPlugins();
        if (plugins.isEmpty()) {
            problems.add("spec.build.plugins is empty");
        }
        for (int i = 0; i < plugins.size(); i++) {
            Plugin plugin = plugins.get(i);
            String where = "spec.build.plugins[" + i + "]";
            if (plugin == null) {
                continue; // reported by the walk
            }
            if (plugin.getName() == null || !PLUGIN_NAME.matcher(plugin.getName()).matches()) {
                problems.add(where + ".name '" + plugin.getName() + "' does not match " + PLUGIN_NAME);
            }
            List<Artifact> artifacts = plugin.getArtifacts() == null ? List.of() : plugin.getArtifacts();
            if (artifacts.isEmpty()) {
                problems.add(where + ".artifacts is empty");
            }
            for (int j = 0; j < artifacts.size(); j++) {
                if (artifacts.get(j) instanceof DownloadableArtifact download
                        && (download.getUrl() == null || !ARTIFACT_URL.matcher(download.getUrl()).matches())) {
                    problems.add(where + ".artifacts[" + j + "].url '" + download.getUrl() + "' is no URL Strimzi "
                            + "takes (" + ARTIFACT_URL + ")");
                }
            }
        }
    }

    private static void connectorRules(AbstractConnectorSpec spec, List<String> problems) {
        if (spec == null) {
            problems.add("required field spec is missing");
            return;
        }
        if (spec instanceof KafkaConnectorSpec connectorSpec
                && (connectorSpec.getClassName() == null || connectorSpec.getClassName().isBlank())) {
            problems.add("required field spec.class is missing");
        }
        if (spec.getTasksMax() != null && spec.getTasksMax() < 1) {
            problems.add("spec.tasksMax must be 1 or more");
        }
        configValues(spec.getConfig(), "spec.config", problems);
        List<String> forbidden = list(AbstractConnectorSpec.FORBIDDEN_PARAMETERS);
        if (spec.getConfig() != null) {
            spec.getConfig().keySet().stream().filter(forbidden::contains).sorted()
                    .forEach(key -> problems.add("spec.config." + key + " belongs in spec (class, tasksMax)"));
        }
    }

    /** Connect takes strings, numbers and booleans as config values, nothing nested. */
    private static void configValues(Map<String, Object> config, String path, List<String> problems) {
        if (config == null) {
            return;
        }
        config.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add(join(path, key) + " is not a string, number or boolean");
            }
        });
    }

    private static void clusterLabel(HasMetadata resource, List<String> problems) {
        Map<String, String> labels = resource.getMetadata() == null ? null : resource.getMetadata().getLabels();
        if (labels == null || labels.get("strimzi.io/cluster") == null) {
            problems.add("label strimzi.io/cluster is missing: it names the cluster this belongs to");
        }
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining());
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
