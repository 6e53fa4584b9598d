package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class IndexNamesTest {

    private static IndexNames names(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("connection.url", "http://localhost:9200"));
        props.putAll(extra);
        return new IndexNames(new ElasticsearchSinkConfig(props));
    }

    @Test
    void lowerCasesTheFormattedTopic() {
        assertEquals("crm-customers-v1", names(Map.of("index.name.format", "crm-${topic}-v1")).forTopic("Customers"));
    }

    @Test
    void namesDataStreamsFromTypeDatasetAndNamespace() {
        IndexNames streams = names(Map.of("data.stream.type", "logs", "data.stream.namespace", "Prod"));

        assertEquals("logs-app_events-prod", streams.forTopic("app_events"));
    }

    @Test
    void failsForATopicWhoseIndexNameElasticsearchRefuses() {
        ConnectException error = assertThrows(ConnectException.class, () -> names(Map.of()).forTopic("_internal"));

        assertEquals("topic '_internal' gives the index name '_internal', which Elasticsearch does not accept: an "
                + "index name cannot start with '_'; set index.name.format", error.getMessage());
    }

    @Test
    void knowsElasticsearchNamingRules() {
        assertNull(IndexNames.indexNameProblem("orders.v2-2024"));
        assertEquals("an index name cannot contain '*'", IndexNames.indexNameProblem("orders*"));
        assertEquals("an index name cannot contain ' '", IndexNames.indexNameProblem("my orders"));
        assertEquals("an index name cannot be '.' or '..'", IndexNames.indexNameProblem(".."));
        assertEquals("it cannot contain '-'", IndexNames.dataStreamPartProblem("my-dataset"));
    }

    @Test
    void formatValidatorRejectsUnknownPlaceholdersAndBadCharacters() {
        IndexNames.FormatValidator validator = new IndexNames.FormatValidator();

        ConfigException placeholder = assertThrows(ConfigException.class,
                () -> validator.ensureValid("index.name.format", "${partition}"));
        ConfigException character = assertThrows(ConfigException.class,
                () -> validator.ensureValid("index.name.format", "a#${topic}"));

        assertEquals("Invalid value ${partition} for configuration index.name.format: unknown placeholder "
                + "${partition}; the only one is ${topic}", placeholder.getMessage());
        assertEquals("Invalid value a#${topic} for configuration index.name.format: an index name cannot contain '#'",
                character.getMessage());
    }
}
