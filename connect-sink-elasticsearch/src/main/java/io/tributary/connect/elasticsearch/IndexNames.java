package io.tributary.connect.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Where a topic's records go: an index named by {@code index.name.format}, or a data stream
 * {@code <type>-<dataset>-<namespace>}. Names follow Elasticsearch's rules, checked here so that a bad
 * name fails once with a clear message instead of once per document.
 */
final class IndexNames {

    private static final String TOPIC = "${topic}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final String FORBIDDEN = "\\/*?\"<>|, #:";
    private static final int MAX_BYTES = 255;
    private static final int MAX_DATA_STREAM_PART = 100;

    private final String indexFormat;
    private final String dataStreamPrefix;
    private final String datasetFormat;
    private final String dataStreamSuffix;
    private final Map<String, String> byTopic = new HashMap<>();

    IndexNames(ElasticsearchSinkConfig config) {
        this.indexFormat = config.indexNameFormat();
        if (config.dataStreams()) {
            this.dataStreamPrefix = config.dataStreamType() + "-";
            this.datasetFormat = config.dataStreamDataset();
            this.dataStreamSuffix = "-" + config.dataStreamNamespace().toLowerCase(Locale.ROOT);
        } else {
            this.dataStreamPrefix = null;
            this.datasetFormat = null;
            this.dataStreamSuffix = null;
        }
    }

    /** The index or data stream for a topic; the same string instance every time, computed once. */
    String forTopic(String topic) {
        String name = byTopic.get(topic);
        if (name == null) {
            name = resolve(topic);
            byTopic.put(topic, name);
        }
        return name;
    }

    private String resolve(String topic) {
        if (dataStreamPrefix != null) {
            String dataset = datasetFormat.replace(TOPIC, topic).toLowerCase(Locale.ROOT);
            String problem = dataStreamPartProblem(dataset);
            if (problem != null) {
                throw new ConnectException("topic '" + topic + "' gives the data stream dataset '" + dataset
                        + "', which Elasticsearch does not accept: " + problem + "; set data.stream.dataset");
            }
            return dataStreamPrefix + dataset + dataStreamSuffix;
        }
        String index = indexFormat.replace(TOPIC, topic).toLowerCase(Locale.ROOT);
        String problem = indexNameProblem(index);
        if (problem != null) {
            throw new ConnectException("topic '" + topic + "' gives the index name '" + index
                    + "', which Elasticsearch does not accept: " + problem + "; set index.name.format");
        }
        return index;
    }

    /** Why Elasticsearch would refuse this (already lower-cased) index name, or null when it is valid. */
    static String indexNameProblem(String name) {
        if (name.isEmpty()) {
            return "an index name cannot be empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "an index name cannot be '.' or '..'";
        }
        char first = name.charAt(0);
        if (first == '-' || first == '_' || first == '+') {
            return "an index name cannot start with '" + first + "'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0) {
                return "an index name cannot contain '" + c + "'";
            }
            if (Character.isWhitespace(c)) {
                return "an index name cannot contain whitespace";
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "an index name cannot be longer than " + MAX_BYTES + " bytes";
        }
        return null;
    }

    /** Why a data stream dataset or namespace (after ${topic}) is unusable, or null. */
    static String dataStreamPartProblem(String part) {
        String lower = part.toLowerCase(Locale.ROOT);
        if (lower.isEmpty()) {
            return "it cannot be empty";
        }
        if (lower.indexOf('-') >= 0) {
            return "it cannot contain '-'";
        }
        if (lower.length() > MAX_DATA_STREAM_PART) {
            return "it cannot be longer than " + MAX_DATA_STREAM_PART + " characters";
        }
        String problem = indexNameProblem(lower);
        return problem == null ? null : problem.replace("an index name", "it");
    }

    /** Checks a format with a representative topic, and that ${topic} is its only placeholder. */
    static final class FormatValidator implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            String format = (String) value;
            if (format == null || format.isBlank()) {
                throw new ConfigException(name, value, "the index name format cannot be empty");
            }
            Matcher placeholders = PLACEHOLDER.matcher(format);
            while (placeholders.find()) {
                if (!placeholders.group(0).equals(TOPIC)) {
                    throw new ConfigException(name, value, "unknown placeholder " + placeholders.group(0)
                            + "; the only one is ${topic}");
                }
            }
            String problem = indexNameProblem(format.replace(TOPIC, "topic").toLowerCase(Locale.ROOT));
            if (problem != null) {
                throw new ConfigException(name, value, problem);
            }
        }

        @Override
        public String toString() {
            return "a valid index name; ${topic} is replaced by the topic";
        }
    }
}
