package io.tributary.connect.elasticsearch;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.config.Validators;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The sink's configuration: every key, its documentation and its single-key validation. */
public final class ElasticsearchSinkConfig extends AbstractConfig {

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USERNAME = "connection.username";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String CONNECTION_API_KEY = "connection.api.key";
    public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
    public static final String READ_TIMEOUT_MS = "read.timeout.ms";
    public static final String CONNECTION_COMPRESSION = "connection.compression";
    public static final String TRUSTSTORE_LOCATION = "elastic.https.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "elastic.https.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "elastic.https.ssl.truststore.type";
    public static final String CA_CERTIFICATE_LOCATION = "elastic.https.ssl.ca.certificate.location";

    public static final String INDEX_NAME_FORMAT = "index.name.format";
    public static final String DATA_STREAM_TYPE = "data.stream.type";
    public static final String DATA_STREAM_DATASET = "data.stream.dataset";
    public static final String DATA_STREAM_NAMESPACE = "data.stream.namespace";
    public static final String MAPPING_FROM_SCHEMA = "mapping.from.schema";
    public static final String INDEX_REFRESH_INTERVAL = "index.refresh.interval";

    public static final String KEY_IGNORE = "key.ignore";
    public static final String WRITE_METHOD = "write.method";
    public static final String BEHAVIOR_ON_NULL_VALUES = "behavior.on.null.values";
    public static final String VERSION_MODE = "version.mode";
    public static final String BEHAVIOR_ON_MALFORMED_DOCUMENTS = "behavior.on.malformed.documents";

    public static final String BATCH_SIZE = "batch.size";
    public static final String BULK_SIZE_BYTES = "bulk.size.bytes";
    public static final String LINGER_MS = "linger.ms";
    public static final String MAX_IN_FLIGHT_REQUESTS = "max.in.flight.requests";
    public static final String MAX_BUFFERED_RECORDS = "max.buffered.records";
    public static final String FLUSH_TIMEOUT_MS = "flush.timeout.ms";

    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    /** How a record's value reaches Elasticsearch. */
    public enum WriteMethod implements ConfigChoice {
        INSERT,
        UPSERT;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** What a record with a null value (a tombstone) does. */
    public enum NullValueBehavior implements ConfigChoice {
        IGNORE,
        DELETE,
        FAIL;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** What a document Elasticsearch rejects as malformed does. */
    public enum MalformedDocumentBehavior implements ConfigChoice {
        FAIL,
        WARN,
        IGNORE,
        DLQ;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** The data stream type, or none for indices. */
    public enum DataStreamType implements ConfigChoice {
        NONE,
        LOGS,
        METRICS,
        TRACES;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** Format of a truststore file. */
    public enum TruststoreType implements ConfigChoice {
        PKCS12,
        JKS;

        @Override
        public String configValue() {
            return name();
        }
    }

    private static final String CONNECTION_GROUP = "Connection";
    private static final String TARGET_GROUP = "Target";
    private static final String DOCUMENT_GROUP = "Documents";
    private static final String BATCH_GROUP = "Batching";
    private static final String RETRY_GROUP = "Retries";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(CONNECTION_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new UrlListValidator(), Importance.HIGH,
                    "Elasticsearch nodes to send requests to, as a comma-separated list of http:// or https:// URLs "
                            + "with host and port, e.g. https://es1:9200,https://es2:9200. Requests go round-robin to "
                            + "the nodes that answer.", CONNECTION_GROUP, 1, Width.LONG, "Elasticsearch URLs")
            .define(CONNECTION_USERNAME, Type.STRING, null, Importance.MEDIUM,
                    "User for HTTP basic authentication; needs connection.password. Leave empty for an API key or "
                            + "an unsecured cluster.", CONNECTION_GROUP, 2, Width.MEDIUM, "Username")
            .define(CONNECTION_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of connection.username.", CONNECTION_GROUP, 3, Width.MEDIUM, "Password")
            .define(CONNECTION_API_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                    "API key, in the Base64 'encoded' form Elasticsearch returns when it creates one; sent as "
                            + "'Authorization: ApiKey ...'. Excludes connection.username.",
                    CONNECTION_GROUP, 4, Width.LONG, "API key")
            .define(CONNECTION_TIMEOUT_MS, Type.INT, 5_000, Range.atLeast(1), Importance.LOW,
                    "How long to wait for a TCP connection to a node, in milliseconds.",
                    CONNECTION_GROUP, 5, Width.SHORT, "Connection timeout")
            .define(READ_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                    "How long to wait for the answer to a request, in milliseconds. A bulk that times out is "
                            + "retried, which is safe: every write has a deterministic id. After max.retries "
                            + "timeouts of one bulk the task asks the cluster for its name: when that is not "
                            + "answered, it is an outage, retried without limit; when it is, the bulk is sent once "
                            + "more (its connection may have died silently, as after a failover or a NAT's idle "
                            + "drop), and if that times out too while the cluster answers, the bulk itself is too "
                            + "slow and the task fails saying so.",
                    CONNECTION_GROUP, 6, Width.SHORT, "Read timeout")
            .define(CONNECTION_COMPRESSION, Type.BOOLEAN, false, Importance.LOW,
                    "Gzip-compress request bodies. Saves network at the price of CPU on both sides; Elasticsearch "
                            + "accepts compressed requests without configuration.",
                    CONNECTION_GROUP, 7, Width.SHORT, "Compression")
            .define(TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                    "Truststore file (JKS or PKCS12) with the certificate authorities to trust for https:// "
                            + "URLs. Excludes " + CA_CERTIFICATE_LOCATION + ". Without either, the JVM's default "
                            + "trust applies.", CONNECTION_GROUP, 8, Width.LONG, "Truststore")
            .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of the truststore file.", CONNECTION_GROUP, 9, Width.MEDIUM, "Truststore password")
            .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Choices.validator(TruststoreType.class), Importance.LOW,
                    "Format of the truststore file.", CONNECTION_GROUP, 10, Width.SHORT, "Truststore type")
            .define(CA_CERTIFICATE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                    "PEM file with the certificate authorities to trust for https:// URLs, such as the http_ca.crt "
                            + "Elasticsearch generates. Excludes " + TRUSTSTORE_LOCATION + ".",
                    CONNECTION_GROUP, 11, Width.LONG, "CA certificate")

            .define(INDEX_NAME_FORMAT, Type.STRING, "${topic}", new IndexNames.FormatValidator(), Importance.HIGH,
                    "The index a record goes to; ${topic} stands for the record's topic. The result is "
                            + "lower-cased and must be a valid index name (no \\ / * ? \" < > | , # : or space, not "
                            + "starting with - _ +). Ignored for data streams.",
                    TARGET_GROUP, 1, Width.MEDIUM, "Index name format")
            .define(DATA_STREAM_TYPE, Type.STRING, "none", Choices.validator(DataStreamType.class),
                    Importance.MEDIUM,
                    "Write to data streams named <type>-<dataset>-<namespace> instead of indices; 'none' writes "
                            + "to indices. Data streams only append: they need write.method=insert, "
                            + "version.mode=none, behavior.on.null.values other than delete, and an index template "
                            + "that matches the name. A document without @timestamp gets the record's timestamp.",
                    TARGET_GROUP, 2, Width.SHORT, "Data stream type")
            .define(DATA_STREAM_DATASET, Type.STRING, "${topic}", Importance.MEDIUM,
                    "Dataset part of the data stream name; ${topic} stands for the record's topic. Lower-cased; "
                            + "must not contain '-'.", TARGET_GROUP, 3, Width.MEDIUM, "Data stream dataset")
            .define(DATA_STREAM_NAMESPACE, Type.STRING, "default", Importance.MEDIUM,
                    "Namespace part of the data stream name. Lower-cased; must not contain '-'.",
                    TARGET_GROUP, 4, Width.MEDIUM, "Data stream namespace")
            .define(MAPPING_FROM_SCHEMA, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Create a missing index with a mapping derived from the record's Connect schema (Struct "
                            + "values). An index that exists keeps its mapping: it is never changed. Without this, "
                            + "Elasticsearch creates missing indices with dynamic mapping.",
                    TARGET_GROUP, 5, Width.SHORT, "Mapping from schema")
            .define(INDEX_REFRESH_INTERVAL, Type.STRING, "", Validators.text("empty, -1, or a time such as 500ms",
                    true, text -> text.isEmpty() || text.matches("-1|[1-9][0-9]*(ms|s|m|h)"),
                    "give a whole number with ms, s, m or h (e.g. 500ms), -1 to refresh only on request, or "
                            + "leave it empty"), Importance.LOW,
                    "The refresh_interval of the indices this sink creates (mapping.from.schema=true): how soon a "
                            + "written document is searchable. Empty keeps Elasticsearch's 1s; a shorter interval "
                            + "makes documents searchable sooner at the cost of more, smaller segments. Existing "
                            + "indices are never changed.",
                    TARGET_GROUP, 6, Width.SHORT, "Refresh interval of created indices")

            .define(KEY_IGNORE, Type.BOOLEAN, false, Importance.HIGH,
                    "false: the document id comes from the record key (a string or number as is; a Struct or Map "
                            + "with one primitive field as that field's value; any other Struct or Map as JSON with "
                            + "sorted keys). true: the id is topic+partition+offset, so every record is its own "
                            + "document and a redelivered record overwrites itself.",
                    DOCUMENT_GROUP, 1, Width.SHORT, "Ignore key")
            .define(WRITE_METHOD, Type.STRING, "insert", Choices.validator(WriteMethod.class), Importance.HIGH,
                    "insert: each record replaces the whole document. upsert: each record's fields are merged "
                            + "into the document (doc_as_upsert), creating it when missing.",
                    DOCUMENT_GROUP, 2, Width.SHORT, "Write method")
            .define(BEHAVIOR_ON_NULL_VALUES, Type.STRING, "fail", Choices.validator(NullValueBehavior.class),
                    Importance.HIGH,
                    "What a record with a null value (a tombstone) does: ignore it, delete the document with the "
                            + "key's id (how CDC deletes reach the index; needs key.ignore=false), or fail the task.",
                    DOCUMENT_GROUP, 3, Width.SHORT, "Null values")
            .define(VERSION_MODE, Type.STRING, "none", new VersionStrategy.ModeValidator(), Importance.MEDIUM,
                    "External versioning, so that an older record never overwrites a newer one even when it "
                            + "comes again after a restart or rebalance, or from another writer: 'offset' uses the "
                            + "record's offset (ordered within a partition, which holds all records of a key), "
                            + "'header:<name>' a numeric record header, 'none' turns it off. Elasticsearch's version "
                            + "conflicts on such writes are expected and dropped silently. Not with "
                            + "write.method=upsert, which Elasticsearch cannot version externally. Within a running "
                            + "task, writes of one document are applied in order with or without it.",
                    DOCUMENT_GROUP, 4, Width.MEDIUM, "Version mode")
            .define(BEHAVIOR_ON_MALFORMED_DOCUMENTS, Type.STRING, "fail",
                    Choices.validator(MalformedDocumentBehavior.class), Importance.HIGH,
                    "What a record does that cannot become a document, or whose document Elasticsearch rejects "
                            + "(mapper_parsing_exception, document_parsing_exception, illegal_argument_exception, "
                            + "...): fail the task, log a warning and skip it, skip it silently, or send it to the "
                            + "dead-letter queue with the reason (needs errors.tolerance=all and "
                            + "errors.deadletterqueue.topic.name). The rest of its batch is indexed in every case "
                            + "but fail.", DOCUMENT_GROUP, 5, Width.SHORT, "Malformed documents")

            .define(BATCH_SIZE, Type.INT, 2_000, Range.between(1, 100_000), Importance.MEDIUM,
                    "Most operations in one bulk request.", BATCH_GROUP, 1, Width.SHORT, "Batch size")
            .define(BULK_SIZE_BYTES, Type.LONG, 5L * 1024 * 1024, Range.atLeast(1024L), Importance.LOW,
                    "Largest bulk request body in bytes (a single larger document goes alone).",
                    BATCH_GROUP, 2, Width.SHORT, "Bulk size")
            .define(LINGER_MS, Type.LONG, 100L, Range.between(0L, 60_000L), Importance.LOW,
                    "How long a batch that is not full waits for more records before it is sent, in milliseconds.",
                    BATCH_GROUP, 3, Width.SHORT, "Linger")
            .define(MAX_IN_FLIGHT_REQUESTS, Type.INT, 4, Range.between(1, 64), Importance.MEDIUM,
                    "Bulk requests outstanding at once, per task. Writes of one document are applied in the "
                            + "order the task received them whatever this is: a write waits, still counted in "
                            + "max.buffered.records, while an earlier write of its document is in flight or waiting "
                            + "for a retry.", BATCH_GROUP, 4, Width.SHORT, "In-flight requests")
            .define(MAX_BUFFERED_RECORDS, Type.INT, 20_000, Range.atLeast(1), Importance.MEDIUM,
                    "Most records a task holds that Elasticsearch has not acknowledged yet. When it is reached, "
                            + "put() blocks (back-pressure) instead of growing memory; one poll's records (at most "
                            + "consumer max.poll.records) may come on top.",
                    BATCH_GROUP, 5, Width.SHORT, "Buffered records")
            .define(FLUSH_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1L), Importance.LOW,
                    "How long flush() and shutdown wait for outstanding bulks, and how long put() blocks for room "
                            + "in the buffer before it hands the records back to Connect for redelivery (the task "
                            + "stays running: during an outage it keeps retrying).",
                    BATCH_GROUP, 6, Width.SHORT, "Flush timeout")

            .define(MAX_RETRIES, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM,
                    "Retries of a write that Elasticsearch answered as retriable (429, 5xx), or did not answer "
                            + "within read.timeout.ms while answering other requests, before the task fails. A "
                            + "cluster that does not answer at all (an outage) is retried without limit, with the "
                            + "task running and put() applying back-pressure. Writes of partitions taken away in a "
                            + "rebalance are dropped, not retried: their new owner writes them again.",
                    RETRY_GROUP, 1, Width.SHORT, "Max retries")
            .define(RETRY_BACKOFF_MS, Type.LONG, 100L, Range.atLeast(1L), Importance.LOW,
                    "First wait before a retry, in milliseconds; it doubles per attempt, with jitter.",
                    RETRY_GROUP, 2, Width.SHORT, "Retry backoff")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, Range.atLeast(1L), Importance.LOW,
                    "Longest wait between retries, in milliseconds.", RETRY_GROUP, 3, Width.SHORT, "Max retry backoff");

    public ElasticsearchSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        List<ConfigProblem> problems = ConfigRules.check(values());
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.get(0);
            throw new ConfigException(first.key(), String.valueOf(values().get(first.key())), first.message());
        }
    }

    public List<URI> urls() {
        return getList(CONNECTION_URL).stream().map(url -> URI.create(url.trim())).toList();
    }

    public String username() {
        return getString(CONNECTION_USERNAME);
    }

    public Password password() {
        return getPassword(CONNECTION_PASSWORD);
    }

    public Password apiKey() {
        return getPassword(CONNECTION_API_KEY);
    }

    public int connectionTimeoutMs() {
        return getInt(CONNECTION_TIMEOUT_MS);
    }

    public int readTimeoutMs() {
        return getInt(READ_TIMEOUT_MS);
    }

    public boolean compression() {
        return getBoolean(CONNECTION_COMPRESSION);
    }

    public String truststoreLocation() {
        return getString(TRUSTSTORE_LOCATION);
    }

    public Password truststorePassword() {
        return getPassword(TRUSTSTORE_PASSWORD);
    }

    public String truststoreType() {
        return Choices.parse(TruststoreType.class, TRUSTSTORE_TYPE, getString(TRUSTSTORE_TYPE)).configValue();
    }

    public String caCertificateLocation() {
        return getString(CA_CERTIFICATE_LOCATION);
    }

    public String indexNameFormat() {
        return getString(INDEX_NAME_FORMAT);
    }

    public boolean dataStreams() {
        return dataStreamTypeChoice() != DataStreamType.NONE;
    }

    private DataStreamType dataStreamTypeChoice() {
        return Choices.parse(DataStreamType.class, DATA_STREAM_TYPE, getString(DATA_STREAM_TYPE));
    }

    /** The type part of data stream names, lower-case as Elasticsearch requires. */
    public String dataStreamType() {
        return dataStreamTypeChoice().configValue();
    }

    public String dataStreamDataset() {
        return getString(DATA_STREAM_DATASET);
    }

    public String dataStreamNamespace() {
        return getString(DATA_STREAM_NAMESPACE);
    }

    public boolean mappingFromSchema() {
        return getBoolean(MAPPING_FROM_SCHEMA);
    }

    /** The refresh_interval of indices this sink creates; empty for Elasticsearch's default. */
    public String indexRefreshInterval() {
        return getString(INDEX_REFRESH_INTERVAL);
    }

    public boolean keyIgnore() {
        return getBoolean(KEY_IGNORE);
    }

    public WriteMethod writeMethod() {
        return Choices.parse(WriteMethod.class, WRITE_METHOD, getString(WRITE_METHOD));
    }

    public NullValueBehavior nullValueBehavior() {
        return Choices.parse(NullValueBehavior.class, BEHAVIOR_ON_NULL_VALUES, getString(BEHAVIOR_ON_NULL_VALUES));
    }

    public String versionMode() {
        return getString(VERSION_MODE);
    }

    public MalformedDocumentBehavior malformedDocumentBehavior() {
        return Choices.parse(MalformedDocumentBehavior.class, BEHAVIOR_ON_MALFORMED_DOCUMENTS,
                getString(BEHAVIOR_ON_MALFORMED_DOCUMENTS));
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public long bulkSizeBytes() {
        return getLong(BULK_SIZE_BYTES);
    }

    public long lingerMs() {
        return getLong(LINGER_MS);
    }

    public int maxInFlightRequests() {
        return getInt(MAX_IN_FLIGHT_REQUESTS);
    }

    public int maxBufferedRecords() {
        return getInt(MAX_BUFFERED_RECORDS);
    }

    public long flushTimeoutMs() {
        return getLong(FLUSH_TIMEOUT_MS);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    /** Each entry an absolute http(s) URL with a host, and nothing after the port. */
    static final class UrlListValidator implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) value;
            if (urls == null || urls.isEmpty()) {
                throw new ConfigException(name, value, "at least one Elasticsearch URL is needed");
            }
            for (String url : urls) {
                String problem = problemWith(url.trim());
                if (problem != null) {
                    throw new ConfigException(name, url, problem);
                }
            }
        }

        static String problemWith(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (java.net.URISyntaxException e) {
                return "not a URL: " + e.getReason();
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return "the URL must start with http:// or https://";
            }
            if (uri.getHost() == null) {
                return "the URL has no host";
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                return "the URL must not have a path";
            }
            if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                return "the URL must not carry a query or credentials (use connection.username/password)";
            }
            return null;
        }

        @Override
        public String toString() {
            return "http:// or https:// URLs";
        }
    }
}
