package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.tributary.connect.cdc.PostgresCdcSourceConfig;
import io.tributary.connect.cdc.PostgresCdcSourceConnector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/**
 * Each KafkaConnector of deploy/strimzi/connectors.yaml, its Secret references replaced by the example values of
 * secret.yaml, passes its connector's ConfigDef (every key's type and validator; validate()'s later steps connect
 * to the database or cluster and are left to a real deployment), each transform's ConfigDef, and names no key
 * that neither the connector nor Kafka Connect defines (a misspelt key is otherwise ignored without a word).
 */
class StrimziConnectorConfigsTest {

    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secrets:[^/}]+/[^:}]+:([^}]+)}");
    /** Prefixes under which Connect (and for CDC, Debezium) takes keys that no ConfigDef lists one by one. */
    private static final List<String> OPEN_PREFIXES = List.of("topic.creation.", "producer.override.",
            "consumer.override.", "admin.override.", "predicates.");

    @Test
    void everyConnectorConfigPassesItsConnectorsChecks() throws Exception {
        Map<String, String> secrets = StrimziResourcesTest.one(Secret.class).getStringData();
        List<KafkaConnector> connectors = StrimziResourcesTest.all(KafkaConnector.class);
        assertEquals(7, connectors.size());
        List<String> problems = new ArrayList<>();
        for (KafkaConnector connector : connectors) {
            problems.addAll(problems(connector.getMetadata().getName(), props(connector, secrets)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckReportsBadValuesAndUnknownKeys() throws Exception {
        Map<String, String> secrets = StrimziResourcesTest.one(Secret.class).getStringData();
        KafkaConnector source = StrimziResourcesTest.all(KafkaConnector.class).stream()
                .filter(connector -> connector.getMetadata().getName().equals("etl-customers-source"))
                .findFirst().orElseThrow();
        Map<String, String> props = props(source, secrets);
        props.put("mode", "sometimes");
        props.put("poll.interval.msx", "1000");
        props.put("transforms.times.to", "roman");

        List<String> problems = problems("etl-customers-source", props);

        assertEquals(List.of(
                "etl-customers-source: mode: Invalid value sometimes for configuration mode: must be one of bulk, "
                        + "incrementing, timestamp, timestamp+incrementing",
                "etl-customers-source: transforms.times.to: Invalid value roman for configuration to: must be one of "
                        + "epoch_millis, epoch_micros, iso8601, pattern, timestamp, date, time",
                "etl-customers-source: poll.interval.msx: defined neither by "
                        + "io.tributary.connect.jdbc.JdbcSourceConnector nor by Kafka Connect"),
                problems);
    }

    /** The connector's config as the worker gets it: spec.config, class, tasks.max, name, secrets resolved. */
    private static Map<String, String> props(KafkaConnector connector, Map<String, String> secrets) {
        Map<String, String> props = new LinkedHashMap<>();
        connector.getSpec().getConfig().forEach((key, value) -> {
            Matcher matcher = SECRET_REFERENCE.matcher(String.valueOf(value));
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                String secret = secrets.get(matcher.group(1));
                if (secret == null) {
                    throw new AssertionError("secret.yaml has no key " + matcher.group(1));
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(secret));
            }
            matcher.appendTail(resolved);
            props.put(key, resolved.toString());
        });
        props.put("connector.class", connector.getSpec().getClassName());
        props.put("tasks.max", String.valueOf(connector.getSpec().getTasksMax()));
        props.put("name", connector.getMetadata().getName());
        return props;
    }

    private static List<String> problems(String name, Map<String, String> props) throws Exception {
        List<String> problems = new ArrayList<>();
        String className = props.get("connector.class");
        Connector connector = (Connector) Class.forName(className).getDeclaredConstructor().newInstance();
        ConfigDef own = connector.config();
        errors(name, "", own.validate(props), problems);

        ConfigDef framework = connector instanceof SinkConnector ? SinkConnectorConfig.configDef()
                : SourceConnectorConfig.configDef();
        framework.validate(props).stream()
                .filter(value -> !own.names().contains(value.name()))
                .forEach(value -> value.errorMessages().forEach(
                        message -> problems.add(name + ": " + value.name() + ": " + message)));

        Set<String> known = new HashSet<>(own.names());
        known.addAll(framework.names());
        List<String> open = new ArrayList<>(OPEN_PREFIXES);
        if (connector instanceof PostgresCdcSourceConnector) {
            open.add(PostgresCdcSourceConfig.DEBEZIUM_PREFIX);
        }
        List<String> aliases = props.getOrDefault("transforms", "").isBlank() ? List.of()
                : List.of(props.get("transforms").trim().split("\\s*,\\s*"));
        for (String alias : aliases) {
            open.add("transforms." + alias + ".");
            problems.addAll(transformProblems(name, alias, props));
        }
        for (String key : props.keySet()) {
            if (!known.contains(key) && open.stream().noneMatch(key::startsWith)) {
                problems.add(name + ": " + key + ": defined neither by " + className + " nor by Kafka Connect");
            }
        }
        return problems;
    }

    private static List<String> transformProblems(String name, String alias, Map<String, String> props)
            throws Exception {
        String prefix = "transforms." + alias + ".";
        Map<String, String> own = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                own.put(key.substring(prefix.length()), value);
            }
        });
        List<String> problems = new ArrayList<>();
        String type = own.remove("type");
        if (type == null) {
            problems.add(name + ": " + prefix + "type is missing");
            return problems;
        }
        Transformation<?> transform = (Transformation<?>) Class.forName(type).getDeclaredConstructor().newInstance();
        ConfigDef def = transform.config();
        errors(name, prefix, def.validate(own), problems);
        own.keySet().stream()
                .filter(key -> !def.names().contains(key) && !key.equals("predicate") && !key.equals("negate"))
                .forEach(key -> problems.add(name + ": " + prefix + key + ": not a key of " + type));
        return problems;
    }

    private static void errors(String name, String prefix, List<ConfigValue> values, List<String> problems) {
        for (ConfigValue value : values) {
            value.errorMessages().forEach(message -> problems.add(name + ": " + prefix + value.name() + ": "
                    + message));
        }
    }
}
