package io.tributary.connect.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import java.time.Duration;
import java.util.Map;

/**
 * Starting and removing test pipelines. The PostgreSQL server is shared by every test class of the
 * module and has a limited number of slots, so each test leaves none behind.
 */
final class Pipelines {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Pipelines() {
    }

    static void start(KafkaConnectCluster cluster, Map<String, String> config) {
        String name = config.get("name");
        cluster.connect().createConnector(name, config);
        cluster.connect().awaitRunning(name, 1, TIMEOUT);
    }

    /** Deletes the connector, then drops its slot and publication once its task has let go of the slot. */
    static void remove(KafkaConnectCluster cluster, PostgresDatabase db, String name) {
        cluster.connect().deleteConnector(name);
        cluster.connect().awaitDeleted(name, TIMEOUT);
        String slot = SlotNames.derive(name);
        // a task deleted while it was still starting takes the slot only after its start, and lets it go at its
        // stop: the slot may be inactive, then active, then inactive again, so drop it once it is inactive and
        // try again if it was taken in between
        Poll.until(TIMEOUT, "slot " + slot + " to be released and dropped", () -> {
            Boolean active = slotActive(db, slot);
            if (active == null) {
                return true;
            }
            if (!active) {
                try {
                    db.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                            + "WHERE slot_name = '" + slot + "' AND NOT active");
                } catch (IllegalStateException e) {
                    return false; // taken again between the look and the drop
                }
            }
            return slotActive(db, slot) == null;
        });
        db.execute("DROP PUBLICATION IF EXISTS " + slot);
    }

    /** Whether the slot is in use; null when it does not exist. */
    static Boolean slotActive(PostgresDatabase db, String slot) {
        var rows = db.query("SELECT active FROM pg_replication_slots WHERE slot_name = ?", slot);
        return rows.isEmpty() ? null : (Boolean) rows.get(0).get("active");
    }

    /** PUT /connectors/{name}/stop and wait for STOPPED: the tasks are shut down, the config stays. */
    static void stop(KafkaConnectCluster cluster, String name) {
        cluster.connect().send("PUT", "connectors/" + name + "/stop", null);
        Poll.until(TIMEOUT, "connector " + name + " to be STOPPED with no tasks", () -> {
            ConnectorStatus status = cluster.connect().status(name);
            return "STOPPED".equals(status.state()) && status.tasks().isEmpty();
        });
    }

    /** GET /connectors/{name}/offsets: the one committed source offset of the connector, or a missing node. */
    static JsonNode committedOffset(KafkaConnectCluster cluster, String name) {
        return cluster.connect().send("GET", "connectors/" + name + "/offsets", null)
                .path("offsets").path(0).path("offset");
    }
}
