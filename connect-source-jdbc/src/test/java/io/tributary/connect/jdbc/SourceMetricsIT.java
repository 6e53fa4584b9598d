package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The task's metrics as an operator reads them: the worker's plugin metrics, through JMX (the workers of the test
 * cluster run in this JVM), moving with what the task does, and gone once the connector is deleted.
 */
@WithKafkaConnect
@WithPostgres
class SourceMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Test
    void rowsPollsQueryTimeAndLagOfATableMoveWithWhatTheTaskReads(KafkaConnectCluster cluster, PostgresDatabase db)
            throws Exception {
        String table = Fixture.unique("metrics_inc");
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 30) g");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "m.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        ObjectName tableBean = bean(table, 0, "table=public." + table);
        ObjectName taskBean = bean(table, 0, null);

        Poll.until(WAIT, () -> "rows-total 30, is " + read(tableBean, "rows-total"),
                () -> Double.valueOf(30).equals(read(tableBean, "rows-total")));
        db.execute("INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(31, 45) g");
        Poll.until(WAIT, () -> "rows-total 45, is " + read(tableBean, "rows-total"),
                () -> Double.valueOf(45).equals(read(tableBean, "rows-total")));
        Poll.until(WAIT, () -> "behind-ids 0 once caught up, is " + read(tableBean, "behind-ids"),
                () -> Double.valueOf(0).equals(read(tableBean, "behind-ids")));

        assertAll("metrics of table public." + table,
            () -> assertTrue((double) read(tableBean, "polls-total") >= 2, "polls-total " + read(tableBean,
                    "polls-total")),
            () -> assertTrue((double) read(tableBean, "rows-rate") > 0, "rows-rate " + read(tableBean, "rows-rate")),
            () -> assertTrue((double) read(tableBean, "query-time-ms-max") > 0, "query-time-ms-max"),
            () -> assertTrue((double) read(tableBean, "query-time-ms-avg") <= (double) read(tableBean,
                    "query-time-ms-max"), "average at most the maximum"),
            () -> assertEquals(0.0, read(tableBean, "held-back-seconds")),
            () -> assertEquals(0L, read(tableBean, "held-back-polls-total")),
            () -> assertEquals(0.0, read(taskBean, "reconnects-total")),
            () -> assertTrue((int) read(taskBean, "unacknowledged-records") >= 0));

        cluster.connect().deleteConnector(table);
        cluster.connect().awaitDeleted(table, WAIT);
        Poll.until(WAIT, () -> "the metrics of a deleted connector are gone",
                () -> !JMX.isRegistered(tableBean) && !JMX.isRegistered(taskBean));
    }

    @Test
    void timeHeldBackByAnOpenTransactionShowsAndEndsWithIt(KafkaConnectCluster cluster, PostgresDatabase db)
            throws Exception {
        String table = Fixture.unique("metrics_held");
        String gid = table + "_2pc";
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + table + " VALUES (0, now() - interval '1 hour')");
        try {
            prepare(db, gid, "INSERT INTO " + table + " (id) VALUES (1)");
            db.execute("INSERT INTO " + table + " (id) VALUES (2)"); // began after the prepared one: waits for it
            Map<String, String> config = Fixture.tableConfig(db, "timestamp", table, "m.");
            config.put("timestamp.column.name", "ts");
            Fixture.run(cluster, table, config, 1);
            ObjectName tableBean = bean(table, 0, "table=public." + table);

            Poll.until(WAIT, () -> "held back for 2 s, is " + read(tableBean, "held-back-seconds"),
                    () -> read(tableBean, "held-back-seconds") instanceof Double held && held >= 2);
            assertAll("while held back",
                () -> assertEquals(1.0, read(tableBean, "rows-total"), "row 0 only"),
                () -> assertTrue((long) read(tableBean, "held-back-polls-total") >= 1),
                () -> assertTrue((double) read(tableBean, "behind-seconds") >= 3_000,
                        "row 2 waits, an hour after row 0: behind-seconds " + read(tableBean, "behind-seconds")));

            db.execute("COMMIT PREPARED '" + gid + "'");
            assertEquals(List.of(0L, 1L, 2L), TopicReads.idsUntil(cluster, "m." + table, "id", 2));
            Poll.until(WAIT, () -> "no longer held back or behind: held " + read(tableBean, "held-back-seconds")
                    + ", behind " + read(tableBean, "behind-seconds"),
                    () -> Double.valueOf(0).equals(read(tableBean, "held-back-seconds"))
                            && Double.valueOf(0).equals(read(tableBean, "behind-seconds")));
            assertTrue((double) read(tableBean, "held-back-time-seconds-total") >= 2);
            assertEquals(3.0, read(tableBean, "rows-total"));
        } finally {
            if (!db.query("SELECT 1 FROM pg_prepared_xacts WHERE gid = ?", gid).isEmpty()) {
                db.execute("ROLLBACK PREPARED '" + gid + "'");
            }
        }
    }

    private static ObjectName bean(String connector, int task, String extra) throws JMException {
        return new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=" + task
                + (extra == null ? "" : "," + extra));
    }

    /** An attribute's value, or null while the MBean or attribute is not there. */
    private static Object read(ObjectName bean, String attribute) {
        try {
            return JMX.getAttribute(bean, attribute);
        } catch (JMException e) {
            return null;
        }
    }

    private static void prepare(PostgresDatabase db, String gid, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(sql);
            statement.execute("PREPARE TRANSACTION '" + gid + "'");
        }
    }

}
