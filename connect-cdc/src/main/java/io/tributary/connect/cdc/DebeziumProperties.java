package io.tributary.connect.cdc;

import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.jdbc.JdbcConnectionConfig;
import io.tributary.connect.common.jdbc.JdbcConnectionSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates the curated config into the properties of Debezium's PostgreSQL connector: our safe
 * defaults first, then the user's {@code debezium.*} keys, which may change any default that is not one
 * of the curated keys.
 */
final class DebeziumProperties {

    /** Debezium's default; the row output must recognise the text Debezium is configured with. */
    static final String PLACEHOLDER_KEY = "unavailable.value.placeholder";
    static final String DEFAULT_PLACEHOLDER = "__debezium_unavailable_value";

    private DebeziumProperties() {
    }

    /** How long Debezium's poll() waits for a batch to fill; see {@link #of}. */
    static final int POLL_INTERVAL_MS = 100;

    /** Debezium's key for the statement it runs at every heartbeat. */
    static final String HEARTBEAT_ACTION_QUERY = "heartbeat.action.query";

    /** Keys under {@code debezium.*} that would override a curated key, each as a problem to report. */
    static List<ConfigProblem> reservedKeyProblems(PostgresCdcSourceConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : config.debeziumPassthrough().keySet()) {
            if (key.equals(HEARTBEAT_ACTION_QUERY) && config.heartbeatTable().isPresent()) {
                problems.add(ConfigProblem.of(PostgresCdcSourceConfig.DEBEZIUM_PREFIX + key, "cannot be passed "
                        + "through to Debezium while " + PostgresCdcSourceConfig.HEARTBEAT_TABLE + " is set: the "
                        + "connector's heartbeat writes that table; set " + PostgresCdcSourceConfig.HEARTBEAT_TABLE
                        + " to empty to run a statement of your own"));
            }
            if (key.equals("signal.data.collection") && !config.getString(PostgresCdcSourceConfig.SIGNAL_TABLE)
                    .isBlank()) {
                problems.add(ConfigProblem.of(PostgresCdcSourceConfig.DEBEZIUM_PREFIX + key, "cannot be passed "
                        + "through to Debezium while " + PostgresCdcSourceConfig.SIGNAL_TABLE + " is set: name the "
                        + "table in " + PostgresCdcSourceConfig.SIGNAL_TABLE + " instead, which also puts it in the "
                        + "publication"));
            }
            if (PostgresCdcSourceConfig.RESERVED_DEBEZIUM_KEYS.contains(key)) {
                String instead = key.equals(PostgresCdcSourceConfig.DEBEZIUM_TCP_KEEPALIVE)
                        ? "use the connector's own key " + PostgresCdcSourceConfig.DATABASE_PREFIX
                        + JdbcConnectionConfig.TCP_KEEPALIVE
                        : key.equals("slot.drop.on.stop")
                        ? "dropping the slot at every stop loses changes; use "
                        + PostgresCdcSourceConfig.SLOT_DROP_ON_DELETE
                        : key.equals("name") || key.equals("connector.class")
                        ? "the connector sets it itself"
                        : "use the connector's own key " + key;
                problems.add(ConfigProblem.of(PostgresCdcSourceConfig.DEBEZIUM_PREFIX + key,
                        "cannot be passed through to Debezium: " + instead));
            }
        }
        return problems;
    }

    /** The properties Debezium's connector and task start with. */
    static Map<String, String> of(PostgresCdcSourceConfig config, DatabaseTarget target, String connectorName) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", connectorName);
        props.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.put("database.hostname", target.host());
        props.put("database.port", Integer.toString(target.port()));
        props.put("database.dbname", target.dbname());
        props.put("database.user", target.user());
        if (target.password() != null) {
            props.put("database.password", target.password());
        }
        // TLS and keep-alive as the plugin's own connections have them
        JdbcConnectionSettings connection = target.settings();
        props.put(PostgresCdcSourceConfig.DEBEZIUM_TCP_KEEPALIVE, Boolean.toString(connection.tcpKeepAlive()));
        if (connection.sslMode() != null) {
            props.put("database.sslmode", connection.sslMode().configValue());
        }
        putIfPresent(props, "database.sslrootcert", connection.sslRootCert());
        putIfPresent(props, "database.sslcert", connection.sslCert());
        putIfPresent(props, "database.sslkey", connection.sslKey());
        if (connection.sslPassword() != null && connection.sslPassword().value() != null) {
            props.put("database.sslpassword", connection.sslPassword().value());
        }
        props.put("topic.prefix", config.topicPrefix());
        String slotName = slotName(config, connectorName);
        List<String> tables = new ArrayList<>(config.tableIncludeList());
        config.heartbeatTable().ifPresent(heartbeat -> {
            // captured, so that the publication holds it; the task drops its change events
            tables.add(heartbeat.includePattern());
            props.put(HEARTBEAT_ACTION_QUERY, heartbeat.actionQuery(slotName));
        });
        config.signalTable(slotName).ifPresent(signal -> {
            // captured, so that the publication holds it and Debezium reads its rows; the task drops their events
            tables.add(signal.includePattern());
            props.put("signal.data.collection", signal.qualifiedName());
            props.put("signal.enabled.channels", "source");
        });
        props.put("table.include.list", String.join(",", tables));
        // Debezium calls "never" no_data since 2.x; we keep the word users know
        props.put("snapshot.mode", "never".equals(config.snapshotMode()) ? "no_data" : config.snapshotMode());
        props.put("slot.name", slotName);
        props.put("publication.name", publicationName(config, connectorName));
        props.put("heartbeat.interval.ms",
                Integer.toString(config.getInt(PostgresCdcSourceConfig.HEARTBEAT_INTERVAL_MS)));
        props.put("decimal.handling.mode", config.decimalHandlingMode());
        // safe defaults a user may still change through debezium.*
        props.put("plugin.name", "pgoutput");
        props.put("publication.autocreate.mode", "filtered");
        props.put("tombstones.on.delete", "true");
        props.put(PLACEHOLDER_KEY, DEFAULT_PLACEHOLDER);
        // Debezium's poll() waits for a full batch (max.batch.size, 2048) or this long, 500 ms by default: at a few
        // hundred changes a second every change waited up to half a second before Connect saw it. A busy stream
        // fills its batches first, so throughput does not depend on it.
        props.put("poll.interval.ms", Integer.toString(POLL_INTERVAL_MS));
        config.debeziumPassthrough().forEach((key, value) -> {
            if (!PostgresCdcSourceConfig.RESERVED_DEBEZIUM_KEYS.contains(key) && value != null) {
                props.put(key, value);
            }
        });
        return props;
    }

    private static void putIfPresent(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    static String slotName(PostgresCdcSourceConfig config, String connectorName) {
        return SlotNames.orDerived(config.getString(PostgresCdcSourceConfig.SLOT_NAME), connectorName);
    }

    static String publicationName(PostgresCdcSourceConfig config, String connectorName) {
        return SlotNames.orDerived(config.getString(PostgresCdcSourceConfig.PUBLICATION_NAME), connectorName);
    }
}
