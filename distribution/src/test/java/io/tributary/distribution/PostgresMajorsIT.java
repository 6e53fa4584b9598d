package io.tributary.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.PostgresServer;
import io.tributary.connect.testkit.TestServers;
import io.tributary.connect.testkit.WithKafkaConnect;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC source and the CDC connector on each older PostgreSQL major the build runs (17, the build's own,
 * runs every other test): both validate without error (the CDC preflight included), the JDBC source's
 * timestamp+incrementing mode with its in-flight guard delivers the table and a later insert, and the CDC
 * connector snapshots the table and streams the insert.
 */
@WithKafkaConnect
class PostgresMajorsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {10, 11, 12, 13, 14, 15, 16})
    void theJdbcSourceAndTheCdcConnectorRun(int major, KafkaConnectCluster cluster) {
        try (PostgresServer server = TestServers.postgres(Map.of(), major)) {
            PostgresDatabase db = server.createDatabase("majors_" + major);
            assertEquals(major, Integer.parseInt(String.valueOf(db.queryValue("SHOW server_version_num"))) / 10_000,
                    "the server's major");
            db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2), "
                            + "updated_ts timestamptz NOT NULL DEFAULT now())",
                    "INSERT INTO orders (id, total) SELECT g, g * 1.5 FROM generate_series(1, 20) g");

            Map<String, String> jdbc = new HashMap<>();
            jdbc.put("connector.class", "io.tributary.connect.jdbc.JdbcSourceConnector");
            jdbc.put("name", "jdbc-pg" + major);
            jdbc.put("connection.url", db.jdbcUrl());
            jdbc.put("connection.user", db.user());
            jdbc.put("connection.password", db.password());
            jdbc.put("table.include.list", "public\\.orders");
            jdbc.put("mode", "timestamp+incrementing");
            jdbc.put("timestamp.column.name", "updated_ts");
            jdbc.put("incrementing.column.name", "id");
            jdbc.put("topic.prefix", "pg" + major + ".");
            jdbc.put("poll.interval.ms", "500");
            jdbc.put("topic.creation.default.replication.factor", "-1");
            jdbc.put("topic.creation.default.partitions", "1");
            Map<String, String> cdc = new HashMap<>();
            cdc.put("connector.class", "io.tributary.connect.cdc.PostgresCdcSourceConnector");
            cdc.put("name", "cdc-pg" + major);
            cdc.put("database.hostname", db.host());
            cdc.put("database.port", Integer.toString(db.port()));
            cdc.put("database.dbname", db.name());
            cdc.put("database.user", db.user());
            cdc.put("database.password", db.password());
            cdc.put("table.include.list", "public.orders");
            cdc.put("topic.prefix", "cdcpg" + major);
            cdc.put("slot.drop.on.delete", "true");
            cdc.put("topic.creation.default.replication.factor", "-1");
            cdc.put("topic.creation.default.partitions", "1");
            for (Map<String, String> config : List.of(jdbc, cdc)) {
                ConfigValidation validation = cluster.connect().validate(config);
                assertEquals(Map.of(), validation.errors(), config.get("name") + " on PostgreSQL " + major);
            }
            try {
                cluster.connect().createConnector(jdbc.get("name"), jdbc);
                cluster.connect().createConnector(cdc.get("name"), cdc);
                cluster.connect().awaitRunning(jdbc.get("name"), 1, TIMEOUT);
                cluster.connect().awaitRunning(cdc.get("name"), 1, TIMEOUT);
                assertEquals(20, cluster.topics().read("pg" + major + ".orders", 20, TIMEOUT).size());
                assertEquals(20, cluster.topics().read("cdcpg" + major + ".public.orders", 20, TIMEOUT).size());
                db.execute("INSERT INTO orders (id, total) VALUES (21, 31.5)");
                assertEquals(21, cluster.topics().read("pg" + major + ".orders", 21, TIMEOUT).size());
                assertEquals(21, cluster.topics().read("cdcpg" + major + ".public.orders", 21, TIMEOUT).size());
            } finally {
                cluster.connect().deleteConnector(cdc.get("name"));
                cluster.connect().deleteConnector(jdbc.get("name"));
                cluster.connect().awaitDeleted(cdc.get("name"), TIMEOUT);
            }
        }
    }
}
