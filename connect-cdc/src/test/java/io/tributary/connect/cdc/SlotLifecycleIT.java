package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The slot and publication the connector owns: their names, their scope, their lag and their end. */
@WithKafkaConnect
@WithPostgres
class SlotLifecycleIT {

    @Test
    void slotAndPublicationAreNamedAfterTheConnectorAndCoverTheCapturedTablesAndItsOwnTables(
            KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE life_captured (id int PRIMARY KEY)", "CREATE TABLE life_other (id int PRIMARY KEY)");
        Pipelines.start(cluster, CdcConfigs.connector(db, "life_names", "lifenames", "public.life_captured"));

        assertEquals(List.of(Map.of("plugin", "pgoutput", "database", db.name())),
                db.query("SELECT plugin, database FROM pg_replication_slots WHERE slot_name = 'tributary_life_names'"));
        assertEquals(List.of(Map.of("schemaname", "public", "tablename", "life_captured"),
                        Map.of("schemaname", "tributary_cdc", "tablename", "heartbeat"),
                        Map.of("schemaname", "tributary_cdc", "tablename", "tributary_life_names_signals")),
                db.query("SELECT schemaname, tablename FROM pg_publication_tables "
                        + "WHERE pubname = 'tributary_life_names' ORDER BY schemaname, tablename"));
        Pipelines.remove(cluster, db, "life_names");
    }

    @Test
    void slotLagIsPublishedAsJmxMetricOfTheConnector(KafkaConnectCluster cluster, PostgresDatabase db)
            throws Exception {
        db.execute("CREATE TABLE life_lag (id int PRIMARY KEY, note text)");
        Pipelines.start(cluster, CdcConfigs.connector(db, "life_lag", "lifelag", "public.life_lag"));
        db.execute("INSERT INTO life_lag SELECT g, repeat('x', 100) FROM generate_series(1, 1000) g");

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("kafka.connect:type=plugins,connector=life_lag");
        Poll.until(Pipelines.TIMEOUT, "a measured slot lag on " + name, () -> {
            try {
                return jmx.isRegistered(name) && jmx.getAttribute(name, SlotLagMonitor.METRIC) instanceof Double lag
                        && lag > 0 && !lag.isInfinite();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Pipelines.remove(cluster, db, "life_lag");
        Poll.until(Pipelines.TIMEOUT, "the metric to go with the connector", () -> !jmx.isRegistered(name)
                || !Set.of(attributes(jmx, name)).contains(SlotLagMonitor.METRIC));
    }

    @Test
    void retiringWithSlotDropOnDeleteDropsSlotAndPublicationWhenOffsetsAreDeleted(KafkaConnectCluster cluster,
                                                                                 PostgresDatabase db) {
        db.execute("CREATE TABLE life_retire (id int PRIMARY KEY)");
        Map<String, String> config = CdcConfigs.connector(db, "life_retire", "liferetire", "public.life_retire");
        config.put("slot.drop.on.delete", "true");
        Pipelines.start(cluster, config);
        db.execute("INSERT INTO life_retire VALUES (1)");
        cluster.topics().read("liferetire.public.life_retire", 1, Pipelines.TIMEOUT);

        Pipelines.stop(cluster, "life_retire");
        cluster.connect().send("DELETE", "connectors/life_retire/offsets", null);
        cluster.connect().deleteConnector("life_retire");

        assertNull(Pipelines.slotActive(db, "tributary_life_retire"), "the slot is gone");
        assertEquals(0L, db.queryValue("SELECT count(*) FROM pg_publication WHERE pubname = 'tributary_life_retire'"));
    }

    @Test
    void retiringWithoutSlotDropOnDeleteKeepsSlotAndPublication(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE life_keep (id int PRIMARY KEY)");
        Pipelines.start(cluster, CdcConfigs.connector(db, "life_keep", "lifekeep", "public.life_keep"));

        Pipelines.stop(cluster, "life_keep");
        cluster.connect().send("DELETE", "connectors/life_keep/offsets", null);

        assertTrue(Pipelines.slotActive(db, "tributary_life_keep") != null, "the slot stays");
        assertEquals(1L, db.queryValue("SELECT count(*) FROM pg_publication WHERE pubname = 'tributary_life_keep'"));
        Pipelines.remove(cluster, db, "life_keep");
    }

    @Test
    void stoppingAndResumingKeepsTheSlot(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE life_pause (id int PRIMARY KEY)");
        Map<String, String> config = CdcConfigs.connector(db, "life_pause", "lifepause", "public.life_pause");
        config.put("slot.drop.on.delete", "true");
        Pipelines.start(cluster, config);

        Pipelines.stop(cluster, "life_pause");

        assertEquals(Boolean.FALSE, Pipelines.slotActive(db, "tributary_life_pause"), "the slot stays, unused");
        Pipelines.remove(cluster, db, "life_pause");
    }

    private static String[] attributes(MBeanServer jmx, ObjectName name) {
        try {
            return java.util.Arrays.stream(jmx.getMBeanInfo(name).getAttributes())
                    .map(javax.management.MBeanAttributeInfo::getName).toArray(String[]::new);
        } catch (Exception e) {
            return new String[0];
        }
    }
}
