package io.tributary.connect.cdc;

import io.tributary.connect.testkit.PostgresDatabase;
import java.util.HashMap;
import java.util.Map;

/** Connector configs as a user would POST them, for the tests' fresh names. */
final class CdcConfigs {

    private CdcConfigs() {
    }

    /** A connector capturing {@code tables} of {@code db} as the superuser, change topics created compacted. */
    static Map<String, String> connector(PostgresDatabase db, String name, String topicPrefix, String tables) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", PostgresCdcSourceConnector.class.getName());
        config.put("name", name);
        config.put("tasks.max", "1");
        config.put("database.hostname", db.host());
        config.put("database.port", Integer.toString(db.port()));
        config.put("database.dbname", db.name());
        config.put("database.user", db.user());
        config.put("database.password", db.password());
        config.put("table.include.list", tables);
        config.put("topic.prefix", topicPrefix);
        config.put("heartbeat.interval.ms", "1000");
        config.put("slot.lag.log.interval.ms", "1000");
        config.put("topic.creation.default.replication.factor", "-1");
        config.put("topic.creation.default.partitions", "1");
        config.put("topic.creation.default.cleanup.policy", "compact");
        return config;
    }
}
