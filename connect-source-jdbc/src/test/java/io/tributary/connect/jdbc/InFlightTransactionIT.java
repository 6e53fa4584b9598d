package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.awaitPolls;
import static io.tributary.connect.jdbc.Fixture.execute;
import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The famous loss: a transaction that began earlier commits later, with an older timestamp or a lower id
 * than rows the connector already read. Each test holds such a transaction open while a newer one
 * commits and the connector polls, then commits it, and expects its row.
 */
@WithKafkaConnect
@WithPostgres
class InFlightTransactionIT {

    /** CI size; the full soak is -Dtributary.soak.rows=50000. */
    private static final int SOAK_ROWS = Integer.getInteger("tributary.soak.rows", 3_000);

    @Test
    void rowWithAnOlderTimestampCommittedLateArrivesInTimestampMode(KafkaConnectCluster cluster,
                                                                    PostgresDatabase db) throws SQLException {
        String table = Fixture.unique("late_ts");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL)",
                "INSERT INTO " + table + " VALUES (0, '2024-01-01T00:00:00Z')");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp", table, "g.");
        config.put("timestamp.column.name", "ts");
        config.put("in.flight.guard.warn.after.ms", "1000");
        Fixture.run(cluster, table, config, 1);
        values(cluster, "g." + table, 1);

        try (Connection writerA = db.connect(); CapturedLog log = CapturedLog.ofPlugin()) {
            writerA.setAutoCommit(false);
            execute(writerA, "INSERT INTO " + table + " VALUES (1, '2024-01-01T00:00:10Z')");
            db.execute("INSERT INTO " + table + " VALUES (2, '2024-01-01T00:00:11Z')");
            // polls stopped at row 2 for a second: while A stays the oldest transaction running, the task does not
            // query the table again, so the table's scan count cannot tell
            Poll.until(Duration.ofSeconds(60), "the connector to be held back at row 2",
                    () -> !log.warningsWith("public." + table, "held back").isEmpty());
            writerA.commit();
        }

        assertEquals(List.of(0L, 1L, 2L), ids(values(cluster, "g." + table, 3), "id"));
    }

    @Test
    void rowStampedWithItsTransactionStartCommittedLateArrives(KafkaConnectCluster cluster,
                                                               PostgresDatabase db) throws SQLException {
        String table = Fixture.unique("late_now");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO " + table + " (id) VALUES (0)");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "g.");
        config.put("timestamp.column.name", "ts");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        values(cluster, "g." + table, 1);

        try (Connection writerA = db.connect()) {
            writerA.setAutoCommit(false);
            // the transaction has begun (now() is fixed) but has written nothing yet: it holds no xid
            execute(writerA, "SELECT 1");
            db.execute("INSERT INTO " + table + " (id) VALUES (2)");
            awaitPolls(db, table, 3);
            execute(writerA, "INSERT INTO " + table + " (id) VALUES (1)");
            writerA.commit();
        }

        assertEquals(List.of(0L, 1L, 2L), ids(values(cluster, "g." + table, 3), "id"));
    }

    @Test
    void lowerIdCommittedLateArrivesInIncrementingMode(KafkaConnectCluster cluster,
                                                       PostgresDatabase db) throws SQLException {
        String table = Fixture.unique("late_id");
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, who text NOT NULL)",
                "INSERT INTO " + table + " (who) VALUES ('first')");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "g.");
        config.put("incrementing.column.name", "id");
        Fixture.run(cluster, table, config, 1);
        values(cluster, "g." + table, 1);

        try (Connection writerA = db.connect()) {
            writerA.setAutoCommit(false);
            execute(writerA, "INSERT INTO " + table + " (who) VALUES ('A')");
            db.execute("INSERT INTO " + table + " (who) VALUES ('B')");
            awaitPolls(db, table, 3);
            writerA.commit();
        }

        List<String> writers = values(cluster, "g." + table, 3).stream().map(v -> v.get("who").asText()).toList();
        assertEquals(List.of("first", "A", "B"), writers);
    }

    @Test
    void concurrentWritersWithRandomCommitDelaysLoseNoRowInTimestampIncrementingMode(KafkaConnectCluster cluster,
            PostgresDatabase db) throws Exception {
        String table = Fixture.unique("soak_tsinc");
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, ts timestamptz NOT NULL DEFAULT now(),"
                + " writer int NOT NULL)");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "g.");
        config.put("timestamp.column.name", "ts");
        config.put("incrementing.column.name", "id");
        config.put("poll.interval.ms", "20");
        Fixture.run(cluster, table, config, 1);

        Set<Long> written = writeConcurrently(db, table, SOAK_ROWS);

        List<Long> delivered = ids(values(cluster, "g." + table, SOAK_ROWS), "id");
        assertEquals(written, new HashSet<>(delivered));
        assertEquals(SOAK_ROWS, delivered.size());
    }

    @Test
    void concurrentWritersWithRandomCommitDelaysLoseNoRowInIncrementingMode(KafkaConnectCluster cluster,
                                                                           PostgresDatabase db) throws Exception {
        String table = Fixture.unique("soak_inc");
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, ts timestamptz NOT NULL DEFAULT now(),"
                + " writer int NOT NULL)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "g.");
        config.put("incrementing.column.name", "id");
        config.put("poll.interval.ms", "20");
        Fixture.run(cluster, table, config, 1);

        Set<Long> written = writeConcurrently(db, table, SOAK_ROWS);

        List<Long> delivered = ids(values(cluster, "g." + table, SOAK_ROWS), "id");
        assertEquals(written, new HashSet<>(delivered));
        assertEquals(SOAK_ROWS, delivered.size());
    }

    /** Six writers, each committing 1-5 rows per transaction after a random 0-20 ms pause; answers the ids. */
    private static Set<Long> writeConcurrently(PostgresDatabase db, String table, int rows) throws Exception {
        AtomicInteger remaining = new AtomicInteger(rows);
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int writer = w;
            results.add(writers.submit(() -> {
                List<Long> ids = new ArrayList<>();
                try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                    connection.setAutoCommit(false);
                    while (true) {
                        int batch = Math.min(ThreadLocalRandom.current().nextInt(1, 6), remaining.getAndAdd(0));
                        if (batch <= 0 || remaining.addAndGet(-batch) < 0) {
                            remaining.addAndGet(batch);
                            if (remaining.get() <= 0) {
                                break;
                            }
                            continue;
                        }
                        List<Long> pending = new ArrayList<>();
                        for (int i = 0; i < batch; i++) {
                            try (var rs = statement.executeQuery("INSERT INTO " + table + " (writer) VALUES ("
                                    + writer + ") RETURNING id")) {
                                rs.next();
                                pending.add(rs.getLong(1));
                            }
                        }
                        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 21));
                        connection.commit();
                        ids.addAll(pending);
                    }
                }
                return ids;
            }));
        }
        writers.shutdown();
        Set<Long> all = new HashSet<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get(5, TimeUnit.MINUTES));
        }
        assertEquals(rows, all.size());
        return all;
    }
}
