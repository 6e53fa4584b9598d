package io.tributary.connect.jdbc;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import io.tributary.connect.jdbc.dialect.DatabaseDialects;
import io.tributary.connect.jdbc.query.QueryTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams database tables, or one query, into Kafka topics. Tables are spread over the tasks (in bulk mode,
 * key ranges of tables too, when there are more tasks than tables); a watcher notices tables created or
 * dropped and has the worker reconfigure the tasks.
 */
public class JdbcSourceConnector extends SourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSourceConnector.class);
    private static final String TOPIC_CREATION_REPLICATION = "topic.creation.default.replication.factor";

    private Map<String, String> props;
    private JdbcSourceConfig config;
    private volatile List<SourceTable> tables = List.of();
    private TableWatcher watcher;
    private DatabaseDialect dialect;
    private ConnectionOpener opener;
    /** Topics the connector has warned about; the table watcher's thread adds to them. */
    private final Set<String> warnedTopics = ConcurrentHashMap.newKeySet();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        warnedTopics.clear();
        this.props = Map.copyOf(props);
        String name = props.getOrDefault("name", "jdbc-source");
        // the checks of validate() again: a config PUT straight to /connectors/x/config never ran them
        AtomicReference<List<SourceTable>> checked = new AtomicReference<>();
        for (ConfigProblem problem : ConfigChecks.validation(checked::set).requireValid("connector " + name, props)) {
            LOG.warn("Connector {} starts although {}", name, problem);
        }
        this.config = new JdbcSourceConfig(props);
        if (config.isQueryMode()) {
            warnIfTopicsAreNotCreated(name, List.of(QueryTarget.topicName(config.topicPrefix())));
            return;
        }
        dialect = DatabaseDialects.forUrl(config.url());
        opener = new ConnectionOpener(config, dialect);
        TableDiscovery discovery = new TableDiscovery(config, dialect);
        // the checks listed the tables a moment ago; only when they could not does start() list them (and wait
        // for the database as long as connection.attempts allows)
        List<SourceTable> listed = checked.get();
        tables = listed != null ? listed : listTables(discovery);
        if (tables.isEmpty()) {
            LOG.warn("No table of {} matches the configuration yet; the connector has no tasks until one appears",
                    opener.safeUrl());
        } else {
            LOG.info("Reading {} table(s) of {} in {} mode",
                    tables.size(), opener.safeUrl(), config.mode().configValue());
        }
        warnIfTopicsAreNotCreated(name, topics(tables));
        watcher = new TableWatcher(name, discovery, opener, config.tablePollIntervalMs(), tables, changed -> {
            warnIfTopicsAreNotCreated(name, topics(changed));
            tables = changed;
            context.requestTaskReconfiguration();
        });
        watcher.start();
    }

    private List<SourceTable> listTables(TableDiscovery discovery) {
        try (Connection connection = opener.open(() -> true)) {
            return discovery.tables(connection);
        } catch (SQLException e) {
            throw new ConnectException("Cannot list the tables of " + opener.safeUrl() + ": " + opener.describe(e), e);
        }
    }

    private List<String> topics(List<SourceTable> sourceTables) {
        return sourceTables.stream().map(table -> QueryTarget.topicName(config.topicPrefix() + table.id().table()))
                .toList();
    }

    /**
     * Without topic.creation.default.* the worker leaves a missing topic to the brokers; brokers that do not create
     * topics (auto.create.topics.enable=false, the usual production setting) leave the task waiting on
     * UNKNOWN_TOPIC_OR_PARTITION with no error. Said once per topic, as the connector cannot see the brokers.
     */
    private void warnIfTopicsAreNotCreated(String name, List<String> topics) {
        if (props.containsKey(TOPIC_CREATION_REPLICATION)) {
            return;
        }
        List<String> fresh = topics.stream().filter(warnedTopics::add).toList();
        if (!fresh.isEmpty()) {
            LOG.warn("Connector {} writes to {}, and {} is not set: the worker does not create a missing topic, so "
                    + "unless the brokers create topics (auto.create.topics.enable), records for it wait without "
                    + "an error (UNKNOWN_TOPIC_OR_PARTITION in the worker's log). Create the topics first, or set "
                    + "{} and topic.creation.default.partitions", name, fresh, TOPIC_CREATION_REPLICATION,
                    TOPIC_CREATION_REPLICATION);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (config.isQueryMode()) {
            return TaskTables.numbered(List.of(new HashMap<>(props)));
        }
        List<SourceTable> current = tables;
        if (current.isEmpty()) {
            return List.of();
        }
        List<TableSlice> slices = slices(current, maxTasks);
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<TableSlice> group : ConnectorUtils.groupPartitions(slices, Math.min(maxTasks, slices.size()))) {
            Map<String, String> taskConfig = new HashMap<>(props);
            TaskTables.writeSlices(group, taskConfig);
            configs.add(taskConfig);
        }
        return TaskTables.numbered(configs);
    }

    private List<TableSlice> slices(List<SourceTable> current, int maxTasks) {
        if (config.initialLoadParallel()
                && (config.mode() == Mode.INCREMENTING || config.mode() == Mode.TIMESTAMP_INCREMENTING)) {
            try (Connection connection = opener.openOnce()) {
                return new InitialLoadPlanner(config, dialect).slices(connection, current, maxTasks,
                        partitions -> context().offsetStorageReader().offsets(partitions));
            } catch (SQLException e) {
                // reading each table with one task is still correct, only slower
                LOG.warn("Cannot plan the initial load of the tables of {}: {}; every table is read by one task",
                        opener.safeUrl(), opener.describe(e));
                return current.stream().map(TableSlice::whole).toList();
            }
        }
        if (!config.bulkSplitByPrimaryKey() || config.mode() != Mode.BULK) {
            return current.stream().map(TableSlice::whole).toList();
        }
        try (Connection connection = opener.openOnce()) {
            return new TableSplitter(dialect).slices(connection, current, maxTasks);
        } catch (SQLException e) {
            // reading whole tables is still correct, only slower; failing here would stop the connector
            LOG.warn("Cannot read the primary keys or key bounds of {}: {}; every table is read whole",
                    opener.safeUrl(), opener.describe(e));
            return current.stream().map(TableSlice::whole).toList();
        }
    }

    @Override
    public void stop() {
        if (watcher != null) {
            watcher.shutdown();
            watcher = null;
        }
    }

    @Override
    public ConfigDef config() {
        return JdbcSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConfigChecks.VALIDATION.validate(connectorConfigs);
    }

    /**
     * Checks offsets an operator sets through {@code PATCH /connectors/{name}/offsets} (the connector stopped) before
     * the worker writes them: a value the tasks could not read as a number is refused with its partition and key
     * (the task would read the table from its start instead). Removing offsets (a null offset, which is also what
     * {@code DELETE} sends for every partition) is always accepted. A table loaded in ranges is read again from its
     * start only when its {@code load_range} partitions' offsets are removed with its own (docs/jdbc-source.md);
     * that is not refused here, since the connector cannot see which partitions have offsets stored.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            Map<String, ?> offset = entry.getValue();
            if (offset == null) {
                continue;
            }
            for (String key : List.of(SourceOffset.INCREMENTING, SourceOffset.TIMESTAMP,
                    SourceOffset.TIMESTAMP_NANOS)) {
                Object value = offset.get(key);
                if (value != null && !(value instanceof Number)) {
                    throw new ConnectException("The offset of partition " + entry.getKey() + " sets " + key + " to "
                            + value + ", which is not a number: the task would read the table from its start. "
                            + "Give " + key + " as a JSON number");
                }
            }
        }
        return true;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // the worker commits records and offsets together; that is exactly once only where offsets are exact
        // (validate() says why for the other modes, on the mode key)
        try {
            Mode mode = Choices.parse(Mode.class, JdbcSourceConfig.MODE, connectorConfig.get(JdbcSourceConfig.MODE));
            return mode.isExactlyOnce() ? ExactlyOnceSupport.SUPPORTED : ExactlyOnceSupport.UNSUPPORTED;
        } catch (RuntimeException e) {
            return ExactlyOnceSupport.UNSUPPORTED; // no valid mode, which validate() reports on its key
        }
    }
}
