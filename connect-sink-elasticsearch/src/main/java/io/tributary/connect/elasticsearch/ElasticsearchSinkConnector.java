package io.tributary.connect.elasticsearch;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.config.ConfigValidation;
import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes Kafka records into Elasticsearch 8 and 9 with the official Java client. Every task gets the
 * same configuration; Connect spreads the topic partitions over them.
 */
public final class ElasticsearchSinkConnector extends SinkConnector {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkConnector.class);
    /**
     * Internal: the number the connector gives each task's config, for the tags of the task's metrics on a worker
     * without plugin metrics (KIP-877), which then cannot tell the task itself. Not a user setting.
     */
    static final String TASK_INDEX = "tributary.task.index";

    /** The keys the connectivity check needs; it runs when all of them are valid. */
    private static final Set<String> CONNECTION_KEYS = Set.of(
            ElasticsearchSinkConfig.CONNECTION_URL, ElasticsearchSinkConfig.CONNECTION_USERNAME,
            ElasticsearchSinkConfig.CONNECTION_PASSWORD, ElasticsearchSinkConfig.CONNECTION_API_KEY,
            ElasticsearchSinkConfig.CONNECTION_TIMEOUT_MS, ElasticsearchSinkConfig.READ_TIMEOUT_MS,
            ElasticsearchSinkConfig.CONNECTION_COMPRESSION, ElasticsearchSinkConfig.TRUSTSTORE_LOCATION,
            ElasticsearchSinkConfig.TRUSTSTORE_PASSWORD, ElasticsearchSinkConfig.TRUSTSTORE_TYPE,
            ElasticsearchSinkConfig.CA_CERTIFICATE_LOCATION);
    /** Connect's REST API gives validate() 90 s; the check's own client gives up well before this. */
    private static final Duration CLUSTER_CHECK_BOUND = Duration.ofSeconds(60);
    private static final ConfigValidation VALIDATION = ConfigValidation.of(ElasticsearchSinkConfig.CONFIG_DEF)
            .rule("rules across keys", ConfigRules::checkStep)
            .connectivity("Elasticsearch", CLUSTER_CHECK_BOUND, ElasticsearchSinkConfig.CONNECTION_URL,
                    ElasticsearchSinkConnector::cluster)
            .build();

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        String name = props.getOrDefault("name", "elasticsearch-sink");
        // the checks of validate() again: a config PUT straight to /connectors/x/config never ran them
        for (ConfigProblem problem : VALIDATION.requireValid("connector " + name, props)) {
            LOG.warn("Connector {} starts although {}", name, problem);
        }
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
            configs.add(new HashMap<>(props));
        }
        return PluginMetricsRegistry.numberTasks(configs, TASK_INDEX);
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
        return VALIDATION.validate(connectorConfigs);
    }

    private static void cluster(ConfigValidation.Context context) {
        if (!context.clean(CONNECTION_KEYS.toArray(String[]::new))) {
            return;
        }
        Map<String, String> connectionProps = new HashMap<>();
        CONNECTION_KEYS.forEach(key -> {
            if (context.props().get(key) != null) {
                connectionProps.put(key, context.props().get(key));
            }
        });
        try {
            ClusterCheck.problemWith(new ElasticsearchSinkConfig(connectionProps))
                    .ifPresent(problem -> context.problem(new ConfigProblem(problem.getKey(), problem.getMessage(),
                            problem.isTransient())));
        } catch (ConfigException e) {
            context.problem(ElasticsearchSinkConfig.CONNECTION_URL, e.getMessage());
        }
    }
}
