package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.connect.common.config.ConfigProblem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigRulesTest {

    private static List<ConfigProblem> problems(Map<String, String> props) {
        Map<String, String> all = new HashMap<>(Map.of("connection.url", "http://localhost:9200"));
        all.putAll(props);
        return ConfigRules.check(ElasticsearchSinkConfig.CONFIG_DEF.parse(all));
    }

    @Test
    void aValidConfigBreaksNoRule() {
        assertEquals(List.of(), problems(Map.of("write.method", "upsert", "behavior.on.null.values", "delete")));
    }

    @Test
    void dataStreamsRefuseUpsertsDeletesVersionsAndSchemaMappings() {
        List<ConfigProblem> found = problems(Map.of("data.stream.type", "logs", "write.method", "upsert",
                "behavior.on.null.values", "delete", "mapping.from.schema", "true"));

        assertEquals(List.of("write.method", "behavior.on.null.values", "mapping.from.schema"),
                found.stream().map(ConfigProblem::key).toList());
    }

    @Test
    void upsertsCannotBeVersionedExternally() {
        assertEquals(List.of(ConfigProblem.of("version.mode", "Elasticsearch cannot version updates externally; "
                + "with write.method=upsert set version.mode=none")),
                problems(Map.of("write.method", "upsert", "version.mode", "offset")));
    }

    @Test
    void aRefreshIntervalAppliesOnlyToIndicesTheSinkCreates() {
        assertEquals(List.of(ConfigProblem.of("index.refresh.interval", "applies only to indices this sink creates; "
                + "set mapping.from.schema=true, or set the interval on the index (or its template) yourself")),
                problems(Map.of("index.refresh.interval", "500ms")));
        assertEquals(List.of(), problems(Map.of("index.refresh.interval", "500ms", "mapping.from.schema", "true")));
        assertThrows(ConfigException.class, () -> problems(Map.of("index.refresh.interval", "half a second")));
    }

    @Test
    void deletingOnNullNeedsTheKey() {
        assertEquals("behavior.on.null.values",
                problems(Map.of("behavior.on.null.values", "delete", "key.ignore", "true")).get(0).key());
    }

    @Test
    void credentialsComeInPairsAndApiKeysAlone() {
        assertEquals("connection.password", problems(Map.of("connection.username", "elastic")).get(0).key());
        assertEquals("connection.api.key", problems(Map.of("connection.username", "elastic",
                "connection.password", "secret", "connection.api.key", "a2V5")).get(0).key());
    }

    @Test
    void aBatchMustFitTheBuffer() {
        assertEquals("batch.size", problems(Map.of("batch.size", "500", "max.buffered.records", "100")).get(0).key());
    }

    @Test
    void tlsTrustNeedsAnHttpsUrlAndAReadableFile() {
        List<ConfigProblem> found = problems(
                Map.of("elastic.https.ssl.ca.certificate.location", "/nonexistent/ca.crt"));

        assertEquals(List.of(
                ConfigProblem.of("elastic.https.ssl.ca.certificate.location",
                        "the CA certificate file does not exist or cannot be read"),
                ConfigProblem.of("elastic.https.ssl.ca.certificate.location",
                        "TLS trust is configured but connection.url has no https:// URL")),
                found);
    }

    @Test
    void deadLetterQueueBehaviourNeedsTheWorkersQueue() {
        assertEquals(1, ConfigRules.checkDeadLetterQueue(Map.of("behavior.on.malformed.documents", "dlq")).size());
        assertEquals(0, ConfigRules.checkDeadLetterQueue(Map.of("behavior.on.malformed.documents", "dlq",
                "errors.tolerance", "all", "errors.deadletterqueue.topic.name", "dlq")).size());
    }

    @Test
    void theConfigClassRefusesABrokenRuleWithItsKey() {
        ConfigException error = assertThrows(ConfigException.class, () -> new ElasticsearchSinkConfig(Map.of(
                "connection.url", "http://localhost:9200", "write.method", "upsert", "version.mode", "offset")));

        assertEquals("Invalid value offset for configuration version.mode: Elasticsearch cannot version updates "
                + "externally; with write.method=upsert set version.mode=none", error.getMessage());
    }

    @Test
    void urlsMustBeHttpWithAHostAndNoPath() {
        assertEquals("the URL must start with http:// or https://",
                ElasticsearchSinkConfig.UrlListValidator.problemWith("ftp://es:9200"));
        assertEquals("the URL has no host", ElasticsearchSinkConfig.UrlListValidator.problemWith("http://:9200"));
        assertEquals("the URL must not have a path",
                ElasticsearchSinkConfig.UrlListValidator.problemWith("http://es:9200/x"));
        assertEquals(null, ElasticsearchSinkConfig.UrlListValidator.problemWith("https://es.example.com:9243"));
    }
}
