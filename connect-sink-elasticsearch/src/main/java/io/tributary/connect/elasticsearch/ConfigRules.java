package io.tributary.connect.elasticsearch;

import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.BATCH_SIZE;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.BEHAVIOR_ON_MALFORMED_DOCUMENTS;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.BEHAVIOR_ON_NULL_VALUES;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.CA_CERTIFICATE_LOCATION;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.CONNECTION_API_KEY;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.CONNECTION_PASSWORD;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.CONNECTION_URL;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.CONNECTION_USERNAME;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.DATA_STREAM_DATASET;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.DATA_STREAM_NAMESPACE;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.DATA_STREAM_TYPE;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.INDEX_REFRESH_INTERVAL;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.KEY_IGNORE;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.MAPPING_FROM_SCHEMA;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.MAX_BUFFERED_RECORDS;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.RETRY_BACKOFF_MAX_MS;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.RETRY_BACKOFF_MS;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.TRUSTSTORE_LOCATION;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.TRUSTSTORE_PASSWORD;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.VERSION_MODE;
import static io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.WRITE_METHOD;

import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.config.ConfigValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.config.types.Password;

/**
 * Rules that involve more than one key, run by the connector's validation pipeline (each problem reported on
 * the key a user should change) and again when a task parses its config. Each rule runs only when every key
 * it reads passed its own validation, so a user sees the root cause, not its echoes.
 */
final class ConfigRules {

    private ConfigRules() {
    }

    /** The rules as a step of the connector's {@link ConfigValidation}. */
    static void checkStep(ConfigValidation.Context context) {
        Map<String, Object> valid = new HashMap<>();
        for (String key : ElasticsearchSinkConfig.CONFIG_DEF.names()) {
            if (context.has(key)) {
                valid.put(key, context.value(key));
            }
        }
        check(valid).forEach(context::problem);
        checkDeadLetterQueue(context.props()).forEach(context::problem);
    }

    /**
     * @param values parsed values by key (as {@code AbstractConfig.values()} or the worker's validation gives
     *               them); a key missing here is treated as invalid, and the rules that read it are skipped
     */
    static List<ConfigProblem> check(Map<String, ?> values) {
        Rules rules = new Rules(values);
        if (rules.has(DATA_STREAM_TYPE) && !is(values, DATA_STREAM_TYPE, "none")) {
            if (rules.has(WRITE_METHOD) && is(values, WRITE_METHOD, "upsert")) {
                rules.problem(WRITE_METHOD, "data streams only append documents; upsert needs an index "
                        + "(set data.stream.type=none, or write.method=insert)");
            }
            if (rules.has(BEHAVIOR_ON_NULL_VALUES) && is(values, BEHAVIOR_ON_NULL_VALUES, "delete")) {
                rules.problem(BEHAVIOR_ON_NULL_VALUES, "data streams do not delete single documents; use ignore "
                        + "or fail, or write to an index (data.stream.type=none)");
            }
            if (rules.has(VERSION_MODE) && !is(values, VERSION_MODE, "none")) {
                rules.problem(VERSION_MODE, "data streams do not take external versions; set version.mode=none");
            }
            if (rules.has(MAPPING_FROM_SCHEMA) && Boolean.TRUE.equals(values.get(MAPPING_FROM_SCHEMA))) {
                rules.problem(MAPPING_FROM_SCHEMA, "a data stream's mapping comes from its index template; set "
                        + "mapping.from.schema=false");
            }
            if (rules.has(DATA_STREAM_DATASET)) {
                String problem = IndexNames.dataStreamPartProblem(String.valueOf(values.get(DATA_STREAM_DATASET))
                        .replace("${topic}", "topic"));
                if (problem != null) {
                    rules.problem(DATA_STREAM_DATASET, problem);
                }
            }
            if (rules.has(DATA_STREAM_NAMESPACE)) {
                String problem = IndexNames.dataStreamPartProblem(String.valueOf(values.get(DATA_STREAM_NAMESPACE)));
                if (problem != null) {
                    rules.problem(DATA_STREAM_NAMESPACE, problem);
                }
            }
        }
        if (rules.has(INDEX_REFRESH_INTERVAL, MAPPING_FROM_SCHEMA)
                && !String.valueOf(values.get(INDEX_REFRESH_INTERVAL)).isEmpty()
                && !Boolean.TRUE.equals(values.get(MAPPING_FROM_SCHEMA))) {
            rules.problem(INDEX_REFRESH_INTERVAL, "applies only to indices this sink creates; set "
                    + "mapping.from.schema=true, or set the interval on the index (or its template) yourself");
        }
        if (rules.has(WRITE_METHOD, VERSION_MODE) && is(values, WRITE_METHOD, "upsert")
                && !is(values, VERSION_MODE, "none")) {
            rules.problem(VERSION_MODE, "Elasticsearch cannot version updates externally; with write.method=upsert "
                    + "set version.mode=none");
        }
        if (rules.has(BEHAVIOR_ON_NULL_VALUES, KEY_IGNORE) && is(values, BEHAVIOR_ON_NULL_VALUES, "delete")
                && Boolean.TRUE.equals(values.get(KEY_IGNORE))) {
            rules.problem(BEHAVIOR_ON_NULL_VALUES, "deleting on a null value needs the document id from the key; "
                    + "set key.ignore=false");
        }
        if (rules.has(CONNECTION_USERNAME, CONNECTION_PASSWORD)) {
            boolean user = notBlank(values.get(CONNECTION_USERNAME));
            boolean password = notBlank(values.get(CONNECTION_PASSWORD));
            if (user && !password) {
                rules.problem(CONNECTION_PASSWORD, "connection.username is set, so connection.password is needed too");
            } else if (password && !user) {
                rules.problem(CONNECTION_USERNAME, "connection.password is set, so connection.username is needed too");
            }
            if (rules.has(CONNECTION_API_KEY) && user && notBlank(values.get(CONNECTION_API_KEY))) {
                rules.problem(CONNECTION_API_KEY, "use either an API key or connection.username/password, not both");
            }
        }
        checkTls(values, rules);
        if (rules.has(BATCH_SIZE, MAX_BUFFERED_RECORDS)
                && ((Number) values.get(BATCH_SIZE)).longValue()
                        > ((Number) values.get(MAX_BUFFERED_RECORDS)).longValue()) {
            rules.problem(BATCH_SIZE, "batch.size is larger than max.buffered.records, so a batch could never fill; "
                    + "lower batch.size or raise max.buffered.records");
        }
        if (rules.has(RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS)
                && ((Number) values.get(RETRY_BACKOFF_MS)).longValue()
                        > ((Number) values.get(RETRY_BACKOFF_MAX_MS)).longValue()) {
            rules.problem(RETRY_BACKOFF_MS, "retry.backoff.ms is larger than retry.backoff.max.ms");
        }
        return rules.problems;
    }

    /**
     * The worker's own keys that behavior.on.malformed.documents=dlq relies on; only the connector's
     * validate() sees them, as the raw strings a user posted.
     */
    static List<ConfigProblem> checkDeadLetterQueue(Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (is(props, BEHAVIOR_ON_MALFORMED_DOCUMENTS, "dlq")) {
            String topic = props.get("errors.deadletterqueue.topic.name");
            if (topic == null || topic.isBlank() || !"all".equals(props.get("errors.tolerance"))) {
                problems.add(ConfigProblem.of(BEHAVIOR_ON_MALFORMED_DOCUMENTS, "dlq needs a dead-letter queue: set "
                        + "errors.tolerance=all and errors.deadletterqueue.topic.name (and "
                        + "errors.deadletterqueue.context.headers.enable=true to see Elasticsearch's reason)"));
            }
        }
        return problems;
    }

    private static void checkTls(Map<String, ?> values, Rules rules) {
        if (!rules.has(TRUSTSTORE_LOCATION, CA_CERTIFICATE_LOCATION, TRUSTSTORE_PASSWORD)) {
            return;
        }
        boolean truststore = notBlank(values.get(TRUSTSTORE_LOCATION));
        boolean ca = notBlank(values.get(CA_CERTIFICATE_LOCATION));
        if (truststore && ca) {
            rules.problem(CA_CERTIFICATE_LOCATION, "use either a truststore or a CA certificate file, not both");
        }
        if (notBlank(values.get(TRUSTSTORE_PASSWORD)) && !truststore) {
            rules.problem(TRUSTSTORE_LOCATION, "a truststore password is set but no truststore location");
        }
        if (truststore && !Files.isReadable(Path.of(String.valueOf(values.get(TRUSTSTORE_LOCATION))))) {
            rules.problem(TRUSTSTORE_LOCATION, "the truststore file does not exist or cannot be read");
        }
        if (ca && !Files.isReadable(Path.of(String.valueOf(values.get(CA_CERTIFICATE_LOCATION))))) {
            rules.problem(CA_CERTIFICATE_LOCATION, "the CA certificate file does not exist or cannot be read");
        }
        if ((truststore || ca) && rules.has(CONNECTION_URL)) {
            List<?> urls = (List<?>) values.get(CONNECTION_URL);
            boolean anyHttps = urls != null
                    && urls.stream().anyMatch(url -> String.valueOf(url).trim().startsWith("https://"));
            if (!anyHttps) {
                rules.problem(truststore ? TRUSTSTORE_LOCATION : CA_CERTIFICATE_LOCATION,
                        "TLS trust is configured but connection.url has no https:// URL");
            }
        }
    }

    /** Enumerated values match ignoring case, as their validators accept them. */
    private static boolean is(Map<String, ?> values, String key, String choice) {
        Object value = values.get(key);
        return value != null && value.toString().trim().equalsIgnoreCase(choice);
    }

    private static boolean notBlank(Object value) {
        if (value instanceof Password password) {
            return password.value() != null && !password.value().isBlank();
        }
        return value != null && !value.toString().isBlank();
    }

    /** Collects problems; knows which keys are usable. */
    private static final class Rules {
        private final Map<String, ?> values;
        private final List<ConfigProblem> problems = new ArrayList<>();

        Rules(Map<String, ?> values) {
            this.values = values;
        }

        boolean has(String... keys) {
            return Set.of(keys).stream().allMatch(values::containsKey);
        }

        void problem(String key, String reason) {
            ConfigProblem problem = ConfigProblem.of(key, reason);
            if (problems.stream().noneMatch(p -> Objects.equals(p, problem))) {
                problems.add(problem);
            }
        }
    }
}
