package io.tributary.devstack;

import io.tributary.connect.testkit.ElasticsearchServer;
import io.tributary.connect.testkit.PostgresDatabase;
import java.util.HashMap;
import java.util.Map;

/** Connector configs of a CDC read model as the shipped files set them up, for tests with fresh names. */
final class ReadModelConfigs {

    private ReadModelConfigs() {
    }

    /** Row output of one table into a compacted one-partition topic {@code <prefix>.public.<table>}. */
    static Map<String, String> cdc(PostgresDatabase db, String table, String topicPrefix) {
        Map<String, String> cdc = new HashMap<>();
        cdc.put("connector.class", "io.tributary.connect.cdc.PostgresCdcSourceConnector");
        cdc.put("tasks.max", "1");
        cdc.put("connection.url", db.jdbcUrl());
        cdc.put("database.user", db.user());
        cdc.put("database.password", db.password());
        cdc.put("table.include.list", "public." + table);
        cdc.put("topic.prefix", topicPrefix);
        cdc.put("output", "row");
        cdc.put("slot.drop.on.delete", "true");
        cdc.put("topic.creation.default.replication.factor", "3");
        cdc.put("topic.creation.default.partitions", "1");
        cdc.put("topic.creation.default.cleanup.policy", "compact");
        return cdc;
    }

    /**
     * The index of a topic's rows, keyed by the record key, created from the schema; versioned: whole documents
     * versioned by the LSN header, else upserts without versions.
     */
    static Map<String, String> readModel(ElasticsearchServer es, String topic, String index, boolean versioned) {
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.tributary.connect.elasticsearch.ElasticsearchSinkConnector");
        sink.put("tasks.max", "1");
        sink.put("topics", topic);
        sink.put("connection.url", es.httpUrl().toString());
        sink.put("index.name.format", index);
        sink.put("key.ignore", "false");
        sink.put("write.method", versioned ? "insert" : "upsert");
        sink.put("version.mode", versioned ? "header:__source_lsn" : "none");
        sink.put("behavior.on.null.values", "delete");
        sink.put("mapping.from.schema", "true");
        return sink;
    }
}
