package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transaction the in-flight guard waits for but cannot see in pg_stat_activity: a prepared transaction
 * (two-phase commit) whose coordinator never finishes it. Rows written after it began wait; the table must
 * not repeat what it already delivered meanwhile, the task must say what it waits for and how to end it,
 * and once the transaction is committed or rolled back the table goes on with nothing lost.
 */
@WithKafkaConnect
@WithPostgres
class HeldBackIT {

    private static final Duration WARNING = Duration.ofSeconds(30);

    @Test
    void preparedTransactionHoldsTheTableBackWithoutRepeatsAndIsNamedUntilCommitted(KafkaConnectCluster cluster,
            PostgresDatabase db) throws SQLException {
        String table = Fixture.unique("held_prepared");
        String gid = table + "_2pc";
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + table + " VALUES (0, '2024-01-01T00:00:00Z')");
        try (CapturedLog log = CapturedLog.ofPlugin()) {
            prepare(db, gid, "INSERT INTO " + table + " (id) VALUES (1)");
            db.execute("INSERT INTO " + table + " (id) VALUES (2)"); // began after the prepared one: waits for it
            Map<String, String> config = Fixture.tableConfig(db, "timestamp", table, "h.");
            config.put("timestamp.column.name", "ts");
            config.put("in.flight.guard.warn.after.ms", "1000");
            Fixture.run(cluster, table, config, 1);
            Fixture.values(cluster, "h." + table, 1);

            // the warning comes after a second held back (five polls); the topic holds what those polls sent
            assertAll("while the prepared transaction is open",
                () -> Poll.until(WARNING, () -> "a WARN naming " + gid + "; warnings: " + log.warnings(),
                        () -> !log.warningsWith("public." + table, "'" + gid + "'", "COMMIT PREPARED",
                                "ROLLBACK PREPARED", db.name()).isEmpty()),
                () -> assertEquals(1, cluster.topics().endOffset("h." + table), "records in h." + table
                        + " (row 0, once)"));

            db.execute("COMMIT PREPARED '" + gid + "'");
            assertEquals(List.of(0L, 1L, 2L), TopicReads.idsUntil(cluster, "h." + table, "id", 2));
        } finally {
            rollbackIfPrepared(db, gid);
        }
    }

    @Test
    void preparedTransactionIsNamedAgainWhileItLastsAndTheTableGoesOnAfterRollback(KafkaConnectCluster cluster,
            PostgresDatabase db) throws SQLException {
        String table = Fixture.unique("held_rollback");
        String gid = table + "_2pc";
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + table + " VALUES (0, '2024-01-01T00:00:00Z')");
        try (CapturedLog log = CapturedLog.ofPlugin()) {
            prepare(db, gid, "INSERT INTO " + table + " (id) VALUES (1)");
            db.execute("INSERT INTO " + table + " (id) VALUES (2)");
            Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "h.");
            config.put("timestamp.column.name", "ts");
            config.put("incrementing.column.name", "id");
            config.put("in.flight.guard.warn.after.ms", "1000");
            Fixture.run(cluster, table, config, 1);
            Fixture.values(cluster, "h." + table, 1);

            Poll.until(WARNING, () -> "two WARNs naming " + gid + "; warnings: " + log.warnings(),
                    () -> log.warningsWith("public." + table, "'" + gid + "'", "ROLLBACK PREPARED").size() >= 2);
            assertEquals(1, cluster.topics().endOffset("h." + table), "records in h." + table + " (row 0, once)");

            db.execute("ROLLBACK PREPARED '" + gid + "'");
            db.execute("INSERT INTO " + table + " (id) VALUES (3)");
            assertEquals(List.of(0L, 2L, 3L), TopicReads.idsUntil(cluster, "h." + table, "id", 3));
        } finally {
            rollbackIfPrepared(db, gid);
        }
    }

    /** Runs {@code sql} in a transaction and prepares it: no session holds it any more, as after a crash. */
    private static void prepare(PostgresDatabase db, String gid, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(sql);
            statement.execute("PREPARE TRANSACTION '" + gid + "'");
        }
    }

    /** A prepared transaction holds back every table of the server: none may outlive its test. */
    private static void rollbackIfPrepared(PostgresDatabase db, String gid) {
        if (!db.query("SELECT 1 FROM pg_prepared_xacts WHERE gid = ?", gid).isEmpty()) {
            db.execute("ROLLBACK PREPARED '" + gid + "'");
        }
    }
}
