package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.jdbc.dialect.PostgresDialect;
import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The database drops the connector's sessions: it reconnects and resumes, or fails with a clear message. */
@WithKafkaConnect
@WithPostgres
class ConnectionLossIT {

    @Test
    void reconnectsAfterItsSessionIsKilledAndResumesWithNoGapAndNoRepeat(KafkaConnectCluster cluster,
                                                                         PostgresDatabase db) {
        String role = Fixture.unique("lossy");
        String table = Fixture.unique("loss");
        db.createRole(role, "pw-" + role, "");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)", "GRANT SELECT ON " + table + " TO " + role,
                "INSERT INTO " + table + " SELECT generate_series(1, 100)");
        Map<String, String> config = config(db, role, table);
        Fixture.run(cluster, table, config, 1);
        values(cluster, "c." + table, 100);

        terminateSessionsOf(db, role);
        db.execute("INSERT INTO " + table + " SELECT generate_series(101, 200)");

        List<Long> all = ids(values(cluster, "c." + table, 200), "id");
        assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), all);
    }

    @Test
    void failsWithAnActionableMessageWhenTheDatabaseKeepsRefusing(KafkaConnectCluster cluster, PostgresDatabase db) {
        String role = Fixture.unique("refused");
        String table = Fixture.unique("refusal");
        String password = "pw-" + role;
        db.createRole(role, password, "");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)", "GRANT SELECT ON " + table + " TO " + role,
                "INSERT INTO " + table + " VALUES (1)");
        Fixture.run(cluster, table, config(db, role, table), 1);
        values(cluster, "c." + table, 1);

        db.execute("ALTER ROLE " + role + " NOLOGIN");
        terminateSessionsOf(db, role);
        db.execute("INSERT INTO " + table + " VALUES (2)");

        ConnectorStatus failed = cluster.connect().awaitFailed(table, Fixture.TIMEOUT);
        String trace = failed.traces();
        assertTrue(trace.contains("Cannot connect to " + db.jdbcUrl() + " as " + role + " after 3 attempt(s)"), trace);
        assertTrue(trace.contains("is not permitted to log in"), trace);
        assertFalse(trace.contains(password), "the password is not in the trace");
    }

    private static Map<String, String> config(PostgresDatabase db, String role, String table) {
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "c.");
        config.put("connection.user", role);
        config.put("connection.password", "pw-" + role);
        config.put("incrementing.column.name", "id");
        config.put("connection.attempts", "3");
        config.put("connection.backoff.ms", "200");
        return config;
    }

    private static void terminateSessionsOf(PostgresDatabase db, String role) {
        String sessions = "SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND application_name = ?";
        Poll.until(Duration.ofSeconds(30), "a session of " + role,
                () -> ((Number) db.queryValue(sessions, role, PostgresDialect.APPLICATION_NAME)).longValue() > 0);
        db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ? AND application_name = ?",
                role, PostgresDialect.APPLICATION_NAME);
    }
}
