package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.common.config.ConfigProblem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebeziumPropertiesTest {

    @Test
    void safeDefaultsAreSetForDebezium() {
        Map<String, String> debezium = debezium(Map.of());
        assertEquals("pgoutput", debezium.get("plugin.name"));
        assertEquals("tributary_orders_cdc", debezium.get("slot.name"));
        assertEquals("tributary_orders_cdc", debezium.get("publication.name"));
        assertEquals("filtered", debezium.get("publication.autocreate.mode"));
        assertEquals("10000", debezium.get("heartbeat.interval.ms"));
        assertEquals("string", debezium.get("decimal.handling.mode"));
        assertEquals("true", debezium.get("tombstones.on.delete"));
        assertEquals("public.orders,public.order_lines,tributary_cdc\\.heartbeat,"
                + "tributary_cdc\\.tributary_orders_cdc_signals", debezium.get("table.include.list"));
    }

    @Test
    void theSignalTableIsPublishedAndNamedToDebeziumAndAnEmptyOneTurnsSignalsOff() {
        Map<String, String> debezium = debezium(Map.of());
        assertEquals("tributary_cdc.tributary_orders_cdc_signals", debezium.get("signal.data.collection"));
        assertEquals("source", debezium.get("signal.enabled.channels"));
        assertEquals("ops.signals", debezium(Map.of("signal.table", "ops.signals")).get("signal.data.collection"));

        Map<String, String> off = debezium(Map.of("signal.table", ""));
        assertEquals(null, off.get("signal.data.collection"));
        assertEquals("public.orders,public.order_lines,tributary_cdc\\.heartbeat", off.get("table.include.list"));
        assertEquals(List.of(ConfigProblem.of("debezium.signal.data.collection", "cannot be passed through to "
                + "Debezium while signal.table is set: name the table in signal.table instead, which also puts it in "
                + "the publication")), DebeziumProperties.reservedKeyProblems(config(Map.of(
                "debezium.signal.data.collection", "public.mine"))));
    }

    @Test
    void anAutomaticSignalTableNameFitsPostgresqlsLimit() {
        String slot = "s".repeat(63);
        assertEquals("tributary_cdc." + "s".repeat(55) + "_signals",
                SignalTable.of("auto", slot).orElseThrow().qualifiedName());
        assertEquals("\"public.\\\"Odd\\\" \\\\ name\"", SignalTable.jsonText("public.\"Odd\" \\ name"));
    }

    @Test
    void theHeartbeatUpsertsTheSlotsRowOfTheHeartbeatTable() {
        assertEquals("INSERT INTO tributary_cdc.heartbeat (slot_name, beat_at) VALUES ('tributary_orders_cdc', "
                + "now()) ON CONFLICT (slot_name) DO UPDATE SET beat_at = EXCLUDED.beat_at",
                debezium(Map.of()).get("heartbeat.action.query"));
        assertEquals("ops\\.beats", debezium(Map.of("heartbeat.table", "ops.beats")).get("table.include.list")
                .split(",")[2]);
    }

    @Test
    void anEmptyHeartbeatTableTurnsHeartbeatWritesOffAndLetsAStatementOfYourOwnThrough() {
        Map<String, String> off = debezium(Map.of("heartbeat.table", "", "signal.table", ""));
        assertEquals("public.orders,public.order_lines", off.get("table.include.list"));
        assertEquals(null, off.get("heartbeat.action.query"));
        assertEquals("UPDATE beats SET at = now()", debezium(Map.of("heartbeat.table", "",
                "debezium.heartbeat.action.query", "UPDATE beats SET at = now()")).get("heartbeat.action.query"));
        assertEquals(List.of(), DebeziumProperties.reservedKeyProblems(config(Map.of("heartbeat.table", "",
                "debezium.heartbeat.action.query", "UPDATE beats SET at = now()"))));
    }

    @Test
    void passthroughMayNotReplaceTheHeartbeatTablesStatement() {
        assertEquals(List.of(ConfigProblem.of("debezium.heartbeat.action.query", "cannot be passed through to Debezium "
                        + "while heartbeat.table is set: the connector's heartbeat writes that table; set "
                        + "heartbeat.table to empty to run a statement of your own")),
                DebeziumProperties.reservedKeyProblems(config(Map.of("debezium.heartbeat.action.query", "SELECT 1"))));
    }

    @Test
    void snapshotModeNeverIsDebeziumsNoData() {
        assertEquals("no_data", debezium(Map.of("snapshot.mode", "never")).get("snapshot.mode"));
    }

    @Test
    void passthroughKeysReachDebeziumWithoutThePrefix() {
        assertEquals("connect", debezium(Map.of("debezium.time.precision.mode", "connect")).get("time.precision.mode"));
    }

    @Test
    void tlsKeysReachDebeziumAsTheyReachThePluginsOwnConnections() {
        Map<String, String> debezium = debezium(Map.of("database.sslmode", "VERIFY-FULL",
                "database.sslrootcert", "/etc/ca.pem", "database.sslpassword", "k3y",
                "database.tcp.keepalive", "false"));

        assertEquals("verify-full", debezium.get("database.sslmode"));
        assertEquals("/etc/ca.pem", debezium.get("database.sslrootcert"));
        assertEquals("k3y", debezium.get("database.sslpassword"));
        assertEquals("false", debezium.get("database.tcpKeepAlive"));
    }

    @Test
    void passthroughMayNotBypassTheTlsKeys() {
        assertEquals(List.of(ConfigProblem.of("debezium.database.sslmode", "cannot be passed through to Debezium: use "
                        + "the connector's own key database.sslmode"),
                ConfigProblem.of("debezium.database.tcpKeepAlive", "cannot be passed through to Debezium: use the "
                        + "connector's own key database.tcp.keepalive")),
                DebeziumProperties.reservedKeyProblems(config(Map.of("debezium.database.sslmode", "require",
                        "debezium.database.tcpKeepAlive", "false"))));
    }

    @Test
    void passthroughMayNotOverrideACuratedKey() {
        assertEquals(List.of(ConfigProblem.of("debezium.slot.name", "cannot be passed through to Debezium: use the "
                        + "connector's own key slot.name")),
                DebeziumProperties.reservedKeyProblems(config(Map.of("debezium.slot.name", "shared"))));
    }

    @Test
    void passthroughMayNotDropTheSlotAtEveryStop() {
        assertEquals(List.of(ConfigProblem.of("debezium.slot.drop.on.stop", "cannot be passed through to Debezium: "
                        + "dropping the slot at every stop loses changes; use slot.drop.on.delete")),
                DebeziumProperties.reservedKeyProblems(config(Map.of("debezium.slot.drop.on.stop", "true"))));
    }

    private static Map<String, String> debezium(Map<String, String> extra) {
        PostgresCdcSourceConfig config = config(extra);
        return DebeziumProperties.of(config, DatabaseTarget.from(config).target(), "orders_cdc");
    }

    private static PostgresCdcSourceConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("database.hostname", "legacy", "database.dbname", "shop",
                "database.user", "cdc", "table.include.list", "public.orders,public.order_lines",
                "topic.prefix", "legacy"));
        props.putAll(extra);
        return new PostgresCdcSourceConfig(props);
    }
}
