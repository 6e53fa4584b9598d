package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.cdc.WalRetention.Finding;
import io.tributary.connect.cdc.WalRetention.Severity;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.PostgresServer;
import io.tributary.connect.testkit.TestServers;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * How much WAL the server may keep for the slot, and whether it still keeps what the slot needs (issue 16 item
 * 2): the preflight reports both, a slot PostgreSQL invalidated is an error that says how to recover, and a
 * running connector publishes the slot's wal_status and safe_wal_size.
 */
@WithKafkaConnect
@WithPostgres
class WalStatusIT {

    @Test
    void preflightReportsWalLevelAndWarnsThatUnlimitedSlotWalIsADiskRisk(PostgresDatabase db) {
        db.execute("CREATE TABLE ws_unlimited (id int PRIMARY KEY)");

        PreflightReport report = preflight(db, "ws_unlimited", "public.ws_unlimited");

        assertEquals(List.of(), report.problems());
        assertEquals(List.of(new Finding(Severity.INFO, "wal_level is 'logical'"),
                new Finding(Severity.WARNING, "max_slot_wal_keep_size is -1 (unlimited): if the connector stops "
                        + "reading (stopped, failed or far behind) its slot makes PostgreSQL keep every byte of WAL "
                        + "written since, until the disk fills and the server stops. Set a limit the disk can hold "
                        + "(ALTER SYSTEM SET max_slot_wal_keep_size = '50GB'; SELECT pg_reload_conf()) and watch the "
                        + "metric slot-retained-wal-bytes; a slot that exceeds the limit is invalidated instead, and "
                        + "the "
                        + "pipeline must snapshot again"),
                new Finding(Severity.INFO, "replication slot 'tributary_ws_unlimited' does not exist yet; the task "
                        + "creates it")), report.walFindings());
    }

    @Test
    void aRunningConnectorPublishesItsSlotsWalStatusAndSafeWalSize(KafkaConnectCluster cluster) throws Exception {
        try (PostgresServer limited = TestServers.postgres(Map.of("max_slot_wal_keep_size", "256MB"))) {
            PostgresDatabase db = limited.createDatabase("ws_metrics");
            db.execute("CREATE TABLE ws_metrics (id int PRIMARY KEY)");
            assertEquals(new Finding(Severity.INFO, "max_slot_wal_keep_size is 256 MB: a slot that holds more WAL is "
                            + "invalidated at a checkpoint, and the pipeline must snapshot again"),
                    preflight(db, "ws_metrics", "public.ws_metrics").walFindings().get(1));
            Pipelines.start(cluster, CdcConfigs.connector(db, "ws_metrics", "wsmetrics", "public.ws_metrics"));

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=ws_metrics");
            Poll.until(Pipelines.TIMEOUT, "wal_status and safe_wal_size of the slot on " + name,
                    () -> "reserved".equals(attribute(jmx, name, SlotLagMonitor.WAL_STATUS_METRIC))
                            && attribute(jmx, name, SlotLagMonitor.SAFE_WAL_SIZE_METRIC) instanceof Double safe
                            // the limit from where the slot stands, rounded up to the end of a 16 MB segment
                            && safe > 200e6 && safe <= (256 + 16) * 1024 * 1024);
            Pipelines.remove(cluster, db, "ws_metrics");
        }
    }

    @Test
    void aSlotPostgresInvalidatedIsAnErrorThatSaysHowToRecover(KafkaConnectCluster cluster) {
        try (PostgresServer limited = TestServers.postgres(Map.of("max_slot_wal_keep_size", "1MB"))) {
            PostgresDatabase db = limited.createDatabase("ws_lost");
            db.execute("CREATE TABLE ws_lost (id int PRIMARY KEY, payload text)");
            String slot = SlotNames.derive("ws_lost");
            // the connector's slot, left behind while nobody reads it
            db.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
            Poll.until(Duration.ofSeconds(60), "PostgreSQL to invalidate slot " + slot, () -> {
                db.execute("INSERT INTO ws_lost SELECT g, repeat(md5(g::text), 30) FROM generate_series("
                                + "(SELECT coalesce(max(id), 0) + 1 FROM ws_lost), (SELECT coalesce(max(id), 0) + 2000 "
                                + "FROM ws_lost)) g",
                        "SELECT pg_switch_wal()", "CHECKPOINT");
                return "lost".equals(db.queryValue("SELECT wal_status FROM pg_replication_slots WHERE slot_name = ?",
                        slot));
            });

            Map<String, List<String>> errors = cluster.connect()
                    .validate(CdcConfigs.connector(db, "ws_lost", "wslost", "public.ws_lost")).errors();

            assertEquals(Map.of("slot.name", List.of("replication slot 'tributary_ws_lost' was invalidated by "
                    + "PostgreSQL (wal_status lost): it held more WAL than max_slot_wal_keep_size allows, the server "
                    + "removed WAL it still needed, and the changes made since the connector last read are gone. To "
                    + "recover, start over with a new snapshot: stop the connector (PUT /connectors/ws_lost/stop), "
                    + "drop the slot (SELECT pg_drop_replication_slot('tributary_ws_lost')), delete the connector's "
                    + "offsets (DELETE /connectors/ws_lost/offsets), and resume it (PUT /connectors/ws_lost/resume) "
                    + "with "
                    + "snapshot.mode initial, so that it copies the tables again before it streams")), errors);
        }
    }

    private static PreflightReport preflight(PostgresDatabase db, String name, String tables) {
        PostgresCdcSourceConfig config = new PostgresCdcSourceConfig(CdcConfigs.connector(db, name, "p", tables));
        DatabaseTarget target = DatabaseTarget.from(config).target();
        String slot = SlotNames.derive(name);
        return new Preflight(target, config.tableIncludeList(), slot, slot, "pgoutput",
                config.heartbeatTable().orElse(null), config.signalTable(slot).orElse(null), name).run();
    }

    private static Object attribute(MBeanServer jmx, ObjectName name, String attribute) {
        try {
            return jmx.isRegistered(name) ? jmx.getAttribute(name, attribute) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
