package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes deploy/strimzi/connectors.yaml from the pipelines of configs/: one KafkaConnector per connector JSON
 * file, its secret references rewritten for Strimzi's Kubernetes Secret config provider. The file is committed;
 * {@link #verify} fails when it differs from what configs/ makes, and rewrites it with
 * {@code -Dtributary.docs.update=true}.
 *
 * <p>The mapping of secret references (the workers of configs/worker/ resolve {@code env} and {@code file}):
 * <ul>
 *   <li>{@code ${env:TRIBUTARY_X}} becomes {@code ${secrets:tributary/tributary-credentials:TRIBUTARY_X}}: the
 *       Secret {@value #SECRET} has one key per variable;</li>
 *   <li>{@code ${file:/etc/tributary/secrets/F:K}} becomes
 *       {@code ${secrets:tributary/tributary-credentials:F.K}} (the file name, a dot, the key);</li>
 *   <li>any other reference fails the generation: a worker on Kubernetes has neither the variable nor the file.</li>
 * </ul>
 */
final class StrimziConnectors {

    static final String NAMESPACE = "tributary";
    /** The KafkaConnect resource of deploy/strimzi/connect.yaml, named by each connector's strimzi.io/cluster. */
    static final String CONNECT_CLUSTER = "pipelines";
    static final String SECRET = "tributary-credentials";
    static final String FILE_NAME = "connectors.yaml";
    static final String REGENERATE = "mvn -B -pl distribution -am test -Dtest=StrimziResourcesTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dtributary.docs.update=true";

    private static final String SECRETS_DIR = "/etc/tributary/secrets/";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}]*):([^}]*)}");
    private static final Pattern ENV_NAME = Pattern.compile("TRIBUTARY_[A-Z0-9_]+");
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    /** Kubernetes object names: a DNS-1123 subdomain. */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]"
            + "([-a-z0-9]*[a-z0-9])?)*");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private StrimziConnectors() {
    }

    /** The connector JSON files of configs/ (every directory but worker/), in path order. */
    static List<Path> connectorFiles(Path root) {
        Path configs = root.resolve("configs");
        try (Stream<Path> files = Files.walk(configs)) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .filter(file -> !configs.relativize(file).startsWith("worker"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + configs, e);
        }
    }

    /** The whole of connectors.yaml as configs/ makes it. */
    static String generate(Path root) {
        StringBuilder out = new StringBuilder();
        out.append("# Generated from configs/ by StrimziConnectors (module distribution); do not edit. Change the\n")
                .append("# JSON files of configs/ instead, then regenerate this file:\n")
                .append("#   ").append(REGENERATE).append('\n')
                .append("# Secret references point at the Secret ").append(SECRET).append(" (secret.yaml), which the\n")
                .append("# workers of ").append(CONNECT_CLUSTER).append(" (connect.yaml) may read (rbac.yaml).\n");
        for (Path file : connectorFiles(root)) {
            out.append("---\n# from ").append(root.relativize(file).toString().replace('\\', '/')).append('\n');
            try {
                out.append(YAML.writeValueAsString(connector(JSON.readTree(file.toFile()), file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return out.toString();
    }

    /** One KafkaConnector resource from a {@code {"name": ..., "config": {...}}} document. */
    static ObjectNode connector(JsonNode rest, Path file) {
        String name = text(rest, "name", file);
        if (!RESOURCE_NAME.matcher(name).matches() || name.length() > 253) {
            throw new IllegalArgumentException(file + ": the connector name '" + name + "' is no Kubernetes resource "
                    + "name (lower-case letters, digits, '-' and '.'), and Strimzi names the connector after it");
        }
        JsonNode config = rest.get("config");
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException(file + " has no \"config\" object");
        }
        ObjectNode resource = JSON.createObjectNode();
        resource.put("apiVersion", "kafka.strimzi.io/v1");
        resource.put("kind", "KafkaConnector");
        ObjectNode metadata = resource.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", NAMESPACE);
        metadata.putObject("labels").put("strimzi.io/cluster", CONNECT_CLUSTER);
        ObjectNode spec = resource.putObject("spec");
        spec.put("class", text(config, "connector.class", file));
        String tasksMax = text(config, "tasks.max", file);
        try {
            spec.put("tasksMax", Integer.parseInt(tasksMax));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": tasks.max '" + tasksMax + "' is not a whole number", e);
        }
        ObjectNode specConfig = spec.putObject("config");
        for (Map.Entry<String, JsonNode> entry : config.properties()) {
            String key = entry.getKey();
            if (key.equals("connector.class") || key.equals("tasks.max")) {
                continue;
            }
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw new IllegalArgumentException(file + ": the value of " + key + " is not a string");
            }
            specConfig.put(key, withSecretReferences(entry.getValue().asText(), file + ", key " + key));
        }
        return resource;
    }

    /** The value with each {@code ${env:...}} and {@code ${file:...}} reference rewritten (see the class doc). */
    static String withSecretReferences(String value, String where) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = secretKey(matcher.group(1), matcher.group(2), where);
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    "${secrets:" + NAMESPACE + "/" + SECRET + ":" + key + "}"));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String secretKey(String provider, String path, String where) {
        String key = null;
        if (provider.equals("env") && ENV_NAME.matcher(path).matches()) {
            key = path;
        } else if (provider.equals("file") && path.startsWith(SECRETS_DIR)) {
            int colon = path.lastIndexOf(':');
            String fileName = colon < 0 ? "" : path.substring(SECRETS_DIR.length(), colon);
            if (colon > 0 && !fileName.contains("/")) {
                key = fileName + "." + path.substring(colon + 1);
            }
        }
        if (key == null || !SECRET_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(where + ": the reference ${" + provider + ":" + path + "} has no "
                    + "Kubernetes Secret form; use ${env:TRIBUTARY_...} or ${file:" + SECRETS_DIR + "<file>:<key>}");
        }
        return key;
    }

    /**
     * Passes when deploy/strimzi/connectors.yaml is what configs/ makes; rewrites it instead with
     * {@code -Dtributary.docs.update=true}.
     */
    static void verify(Path root) throws IOException {
        Path committed = root.resolve("deploy/strimzi").resolve(FILE_NAME);
        String expected = generate(root);
        if (Files.isRegularFile(committed) && Files.readString(committed).equals(expected)) {
            return;
        }
        if (Boolean.getBoolean("tributary.docs.update")) {
            Files.writeString(committed, expected);
            return;
        }
        throw new AssertionError(committed + " is not what configs/ makes; regenerate it with " + REGENERATE);
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(file + " has no \"" + field + "\" string");
        }
        return value.asText();
    }
}
