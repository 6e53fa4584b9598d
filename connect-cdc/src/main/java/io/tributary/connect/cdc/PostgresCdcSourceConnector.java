package io.tributary.connect.cdc;

import io.debezium.connector.postgresql.PostgresConnector;
import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.config.ConfigValidation;
import io.tributary.connect.common.jdbc.JdbcConnectionConfig;
import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change data capture from PostgreSQL with Debezium's connector inside: a short config with safe defaults,
 * preflight checks in {@code validate()} and at start, a slot and publication per connector, the slot's
 * lag as a metric, and {@code envelope} or {@code row} output.
 */
public final class PostgresCdcSourceConnector extends SourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcSourceConnector.class);
    private static final Duration SLOT_RELEASE_WAIT = Duration.ofSeconds(30);
    /** Connect's REST API gives validate() 90 s; the preflight's connections time out well before this. */
    private static final Duration PREFLIGHT_BOUND = Duration.ofSeconds(60);
    private static final ConfigValidation VALIDATION = ConfigValidation.of(PostgresCdcSourceConfig.CONFIG_DEF)
            .rule("curated keys", PostgresCdcSourceConnector::curatedKeys)
            .rule("Debezium's rules", PostgresCdcSourceConnector::debeziumRules)
            .rule("TLS files", JdbcConnectionConfig.tlsFilesReadable(PostgresCdcSourceConfig.DATABASE_PREFIX))
            .connectivity("preflight", PREFLIGHT_BOUND, PostgresCdcSourceConfig.HOSTNAME,
                    PostgresCdcSourceConnector::preflight)
            .build();

    private Map<String, String> props;
    private PostgresCdcSourceConfig config;
    private SlotLagMonitor lagMonitor;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public ConfigDef config() {
        return PostgresCdcSourceConfig.CONFIG_DEF;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresCdcSourceTask.class;
    }

    @Override
    public Config validate(Map<String, String> props) {
        return VALIDATION.validate(props);
    }

    @Override
    public void start(Map<String, String> props) {
        String name = props.get("name");
        // the checks of validate() again, preflight included: a config PUT straight to /connectors/x/config
        // never ran them. A permanent problem fails here; a database that does not answer is the task's to
        // wait for (database.start.retry.timeout.ms), so a worker restarted during a database outage recovers
        List<ConfigProblem> problems = VALIDATION.requireValid("connector " + name, props);
        config = new PostgresCdcSourceConfig(props);
        if (!problems.isEmpty()) {
            String reasons = problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
            if (config.startRetryTimeoutMs() == 0) {
                throw new ConnectException("connector " + name + " cannot start: " + reasons);
            }
            LOG.warn("Connector {} starts although PostgreSQL does not answer now ({}); its task waits for it for up "
                    + "to {} ms ({}), and the checks run again at the next start", name, reasons,
                    config.startRetryTimeoutMs(), PostgresCdcSourceConfig.START_RETRY_TIMEOUT_MS);
        }
        this.props = Map.copyOf(props);
        DatabaseTarget target = DatabaseTarget.from(config).target();
        startMonitor(props, target, name, DebeziumProperties.of(config, target, name));
    }

    /** Reserved pass-through keys, the database target and the name; Debezium's own rules; then preflight. */
    private static void curatedKeys(ConfigValidation.Context context) {
        if (context.anyProblem()) {
            return; // checks against a config that does not parse would only add noise
        }
        PostgresCdcSourceConfig parsed = new PostgresCdcSourceConfig(context.props());
        DebeziumProperties.reservedKeyProblems(parsed).forEach(context::problem);
        DatabaseTarget.from(parsed).problems().forEach(context::problem);
        String name = context.props().get("name");
        if (name == null || name.isBlank()) {
            context.problem("name", "give the connector a name: its slot and publication are named after it");
        }
    }

    private static void debeziumRules(ConfigValidation.Context context) {
        if (context.anyProblem()) {
            return;
        }
        PostgresCdcSourceConfig parsed = new PostgresCdcSourceConfig(context.props());
        DatabaseTarget target = DatabaseTarget.from(parsed).target();
        debeziumProblems(parsed, DebeziumProperties.of(parsed, target, context.props().get("name")))
                .forEach(context::problem);
    }

    private static void preflight(ConfigValidation.Context context) {
        if (context.anyProblem()) {
            return;
        }
        PostgresCdcSourceConfig parsed = new PostgresCdcSourceConfig(context.props());
        DatabaseTarget target = DatabaseTarget.from(parsed).target();
        String name = context.props().get("name");
        PreflightReport report = preflight(parsed, target, name, DebeziumProperties.of(parsed, target, name)).run();
        report.problems().forEach(context::problem);
        if (parsed.requireCompleteRows()) {
            for (String table : report.tablesWithoutFullToastImages()) {
                context.problem(PostgresCdcSourceConfig.UNCHANGED_TOAST_HANDLING, "table " + table + " has columns "
                        + "PostgreSQL may store out of line (TOAST) and no REPLICA IDENTITY FULL, so an update that "
                        + "leaves such a value unchanged would reach the topic without it: run ALTER TABLE " + table
                        + " REPLICA IDENTITY FULL, or set " + PostgresCdcSourceConfig.UNCHANGED_TOAST_HANDLING
                        + "=omit to write such rows without the column");
            }
        } else {
            warnAboutToast(report);
        }
        logWalFindings(name, report);
    }

    private void startMonitor(Map<String, String> props, DatabaseTarget target, String name,
                              Map<String, String> debezium) {
        String slotName = debezium.get("slot.name");
        LOG.info("Connector {} captures {} from {}:{}/{} through slot {} and publication {}, {} output", name,
                config.tableIncludeList(), target.host(), target.port(), target.dbname(), slotName,
                debezium.get("publication.name"), config.output());
        if (!props.containsKey("topic.creation.default.replication.factor")) {
            LOG.warn("Connector {} has no topic.creation.default.* settings: unless its change topics exist, they are "
                    + "created by the broker's defaults (not compacted) or not at all. Add topic.creation.default."
                    + "replication.factor=-1, topic.creation.default.partitions=1 and topic.creation.default."
                    + "cleanup.policy=compact (see docs/cdc.md)", name);
        }
        if (config.heartbeatTable().isEmpty() && !debezium.containsKey(DebeziumProperties.HEARTBEAT_ACTION_QUERY)) {
            LOG.warn("Connector {} writes no heartbeat table ({} is empty): while its tables are idle and others are "
                    + "written, PostgreSQL 15+ sends its slot nothing, the slot cannot advance and keeps all that WAL",
                    name, PostgresCdcSourceConfig.HEARTBEAT_TABLE);
        }
        lagMonitor = SlotLagMonitor.start(target,
                new ReplicationSlot(target, slotName, debezium.get("publication.name")),
                PluginMetricsRegistry.of(context(), name, null), config.slotLagIntervalMs(), name);
    }

    /**
     * The connector's own config, as it was given: the task translates it for Debezium. Connect puts config
     * provider references back only into task keys named as in the connector's config, so passing Debezium's
     * renamed keys would store and show resolved secrets (debezium.X becomes X).
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        // Debezium's PostgreSQL connector reads one slot with one task, whatever maxTasks says
        return List.of(new HashMap<>(props));
    }

    @Override
    public void stop() {
        if (lagMonitor != null) {
            lagMonitor.close();
            lagMonitor = null;
        }
    }

    /**
     * What Debezium's PostgreSQL connector declares, which the task runs: its offsets (the LSN) are committed in
     * the same transaction as the changes before them on a worker with exactly.once.source.support=enabled, so a
     * restart resumes after the last committed change. Transaction boundaries stay Connect's (poll or interval).
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return new PostgresConnector().exactlyOnceSupport(connectorConfig);
    }

    /**
     * Connect calls this on a stopped connector when its offsets are altered or reset through the REST API.
     * A reset (every offset null) is the one signal Connect gives that the pipeline's position is being
     * thrown away, which is when a slot may go: Connect has no delete callback, and a stop or rebalance
     * looks exactly like a delete to a connector.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        boolean reset = offsets.values().stream().allMatch(Objects::isNull);
        PostgresCdcSourceConfig parsed = new PostgresCdcSourceConfig(connectorConfig);
        String name = connectorConfig.get("name");
        DatabaseTarget.Result target = DatabaseTarget.from(parsed);
        if (!reset || target.target() == null) {
            return true;
        }
        String slotName = DebeziumProperties.slotName(parsed, name);
        String publicationName = DebeziumProperties.publicationName(parsed, name);
        if (!parsed.slotDropOnDelete()) {
            LOG.info("Offsets of connector {} reset; slot {} and publication {} stay ({}=false)", name, slotName,
                    publicationName, PostgresCdcSourceConfig.SLOT_DROP_ON_DELETE);
            return true;
        }
        try {
            new ReplicationSlot(target.target(), slotName, publicationName).drop(SLOT_RELEASE_WAIT);
        } catch (SQLException e) {
            throw new ConnectException("offsets of " + name + " cannot be reset because slot " + slotName
                    + " and publication " + publicationName + " could not be dropped: "
                    + target.target().redact(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while dropping slot " + slotName, e);
        }
        return true;
    }

    /** Current retained WAL of the slot, NaN before the first measurement; for tests and tools. */
    double slotRetainedWalBytes() {
        return lagMonitor == null ? Double.NaN : lagMonitor.retainedWalBytes();
    }

    private static Preflight preflight(PostgresCdcSourceConfig config, DatabaseTarget target, String name,
                                       Map<String, String> debezium) {
        String slotName = DebeziumProperties.slotName(config, name);
        return new Preflight(target, config.tableIncludeList(), slotName,
                DebeziumProperties.publicationName(config, name), debezium.get("plugin.name"),
                config.heartbeatTable().orElse(null), config.signalTable(slotName).orElse(null), name);
    }

    private static void logWalFindings(String name, PreflightReport report) {
        for (WalRetention.Finding finding : report.walFindings()) {
            if (finding.severity() == WalRetention.Severity.WARNING) {
                LOG.warn("Preflight of connector {}: {}", name, finding.message());
            } else {
                LOG.info("Preflight of connector {}: {}", name, finding.message());
            }
        }
    }

    private static void warnAboutToast(PreflightReport report) {
        for (String table : report.tablesWithoutFullToastImages()) {
            LOG.warn("Table {} has columns that PostgreSQL may store out of line (TOAST) and no REPLICA IDENTITY FULL: "
                    + "an update that leaves such a value unchanged carries a placeholder instead (the row output "
                    + "omits it). For full images run ALTER TABLE {} REPLICA IDENTITY FULL", table, table);
        }
    }

    /** Debezium's own validation of the translated config; a problem of a passed-through key is reported on it. */
    private static List<ConfigProblem> debeziumProblems(PostgresCdcSourceConfig config, Map<String, String> debezium) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> passthrough = config.debeziumPassthrough();
        for (ConfigValue value : new PostgresConnector().config().validate(debezium)) {
            if (value.errorMessages().isEmpty()) {
                continue;
            }
            boolean ours = !passthrough.containsKey(value.name())
                    && PostgresCdcSourceConfig.CONFIG_DEF.names().contains(value.name());
            String key = ours ? value.name() : PostgresCdcSourceConfig.DEBEZIUM_PREFIX + value.name();
            value.errorMessages().forEach(message -> problems.add(ConfigProblem.of(key, message)));
        }
        return problems;
    }

}
