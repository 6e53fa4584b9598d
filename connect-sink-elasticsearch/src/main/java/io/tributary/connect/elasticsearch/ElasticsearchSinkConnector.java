package io.tributary.connect.elasticsearch;

import io.tributary.connect.common.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Indexes Kafka records into Elasticsearch 8 and 9 with the official Java client. Every task gets the
 * same configuration; Connect spreads the topic partitions over them.
 */
public final class ElasticsearchSinkConnector extends SinkConnector {

    /** The keys the connectivity check needs; it runs when all of them are valid. */
    private static final Set<String> CONNECTION_KEYS = Set.of(
            ElasticsearchSinkConfig.CONNECTION_URL, ElasticsearchSinkConfig.CONNECTION_USERNAME,
            ElasticsearchSinkConfig.CONNECTION_PASSWORD, ElasticsearchSinkConfig.CONNECTION_API_KEY,
            ElasticsearchSinkConfig.CONNECTION_TIMEOUT_MS, ElasticsearchSinkConfig.READ_TIMEOUT_MS,
            ElasticsearchSinkConfig.CONNECTION_COMPRESSION, ElasticsearchSinkConfig.TRUSTSTORE_LOCATION,
            ElasticsearchSinkConfig.TRUSTSTORE_PASSWORD, ElasticsearchSinkConfig.TRUSTSTORE_TYPE,
            ElasticsearchSinkConfig.CA_CERTIFICATE_LOCATION);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new ElasticsearchSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ElasticsearchSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // tasks hold the clients; the connector holds nothing
    }

    @Override
    public ConfigDef config() {
        return ElasticsearchSinkConfig.CONFIG_DEF;
    }

    /**
     * Single-key checks, then the rules across keys, then (when the connection keys are valid) a
     * connection to the cluster: reachability, credentials and version, each reported on its key.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        Map<String, Object> valid = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            byName.put(value.name(), value);
            if (value.errorMessages().isEmpty()) {
                valid.put(value.name(), value.value());
            }
        }
        List<ConfigRules.Problem> problems = new ArrayList<>(ConfigRules.check(valid));
        problems.addAll(ConfigRules.checkDeadLetterQueue(connectorConfigs));
        for (ConfigRules.Problem problem : problems) {
            byName.get(problem.key()).addErrorMessage(problem.reason());
        }
        boolean connectionUsable = CONNECTION_KEYS.stream()
                .allMatch(key -> byName.get(key) != null && byName.get(key).errorMessages().isEmpty());
        if (connectionUsable) {
            Map<String, String> connectionProps = new HashMap<>();
            CONNECTION_KEYS.forEach(key -> {
                if (connectorConfigs.get(key) != null) {
                    connectionProps.put(key, connectorConfigs.get(key));
                }
            });
            try {
                ClusterCheck.problemWith(new ElasticsearchSinkConfig(connectionProps))
                        .ifPresent(problem -> byName.get(problem.getKey()).addErrorMessage(problem.getMessage()));
            } catch (ConfigException e) {
                byName.get(ElasticsearchSinkConfig.CONNECTION_URL).addErrorMessage(e.getMessage());
            }
        }
        return config;
    }
}
