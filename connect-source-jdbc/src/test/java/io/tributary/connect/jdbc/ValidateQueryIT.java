package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.Poll;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import io.tributary.localservers.ConnectRestException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * validate() (and start(), which runs the same checks) looks at the user's query without changing the database:
 * the query must be one SELECT that stays inside the parentheses the connector wraps it in, it is described,
 * not run, and only in a read-only transaction. The task reads in read-only transactions too.
 */
@WithKafkaConnect
@WithPostgres
class ValidateQueryIT {

    @Test
    void aStatementSmuggledAfterTheQueryIsRejectedOnTheQueryKeyAndNeverRuns(KafkaConnectCluster cluster,
                                                                            PostgresDatabase db) {
        String victim = victim(db);
        Map<String, String> config = queryConfig(db,
                "SELECT 1 AS id) AS q; DROP TABLE " + victim + "; SELECT * FROM (SELECT 1 AS id");

        ConfigValidation result = validate(cluster, config);

        assertEquals(List.of(1), rowsOf(db, victim), "the table is still there, unchanged");
        assertEquals(List.of("The query closes a parenthesis it did not open, at character 15: the connector runs it "
                + "as a subquery, (<query>), and it must stay inside"), result.errorsFor("query"));
    }

    @Test
    void aSecondStatementIsRejectedEvenWhenItStaysInsideTheParentheses(KafkaConnectCluster cluster,
                                                                       PostgresDatabase db) {
        String victim = victim(db);
        Map<String, String> config = queryConfig(db, "SELECT 1 AS id; DELETE FROM " + victim);

        ConfigValidation result = validate(cluster, config);

        assertEquals(List.of(1), rowsOf(db, victim));
        assertEquals(List.of("The query must be one SELECT: the ';' at character 15 ends it and more SQL follows. "
                + "Put the rest into a view or a function and select from that"), result.errorsFor("query"));
    }

    @Test
    void aQueryThatBreaksOutOfItsParenthesesDoesNotRunAtValidation(KafkaConnectCluster cluster, PostgresDatabase db) {
        String victim = victim(db);
        String bump = bump(db, victim);
        Map<String, String> config = queryConfig(db,
                "SELECT " + bump + "() AS id) q UNION ALL SELECT * FROM (SELECT 1 AS id");

        ConfigValidation result = validate(cluster, config);

        assertEquals(List.of(1), rowsOf(db, victim), "the function with a side effect did not run");
        int closing = ("SELECT " + bump + "() AS id").length() + 1;
        assertEquals(List.of("The query closes a parenthesis it did not open, at character " + closing + ": the "
                + "connector runs it as a subquery, (<query>), and it must stay inside"), result.errorsFor("query"));
    }

    @Test
    void aWellFormedQueryIsDescribedWithoutRunningIt(KafkaConnectCluster cluster, PostgresDatabase db) {
        String victim = victim(db);
        String bump = bump(db, victim);
        Map<String, String> config = queryConfig(db, "SELECT id, " + bump + "() AS bumped FROM " + victim);

        ConfigValidation result = validate(cluster, config);

        assertTrue(result.isValid(), () -> "errors: " + result.errors());
        assertEquals(List.of(1), rowsOf(db, victim));
    }

    @Test
    void aCommentAtTheEndOfTheQueryDoesNotSwallowWhatTheConnectorAppends(KafkaConnectCluster cluster,
                                                                        PostgresDatabase db) {
        String table = victim(db);
        Map<String, String> config = queryConfig(db, "SELECT id FROM " + table + " -- every row");
        config.put("mode", "incrementing");
        config.put("incrementing.column.name", "id");
        config.put("topic.prefix", "q." + table);

        ConfigValidation result = validate(cluster, config);
        assertTrue(result.isValid(), () -> "errors: " + result.errors());
        Fixture.run(cluster, table, config, 1);

        assertEquals(List.of(1L), Fixture.ids(Fixture.values(cluster, "q." + table, 1), "id"));
    }

    @Test
    void aSemicolonInAQueryStringOrCommentIsNoSecondStatement(KafkaConnectCluster cluster, PostgresDatabase db) {
        String victim = victim(db);
        Map<String, String> config = queryConfig(db, "SELECT id, 'a;b' AS \"x;y\", $t$ ; ) $t$ AS z /* ; ) */ FROM "
                + victim);

        ConfigValidation result = validate(cluster, config);

        assertTrue(result.isValid(), () -> "errors: " + result.errors());
    }

    @Test
    void aStatementSmuggledIntoTheQuerySuffixIsRejectedOnTheSuffixKey(KafkaConnectCluster cluster,
                                                                      PostgresDatabase db) {
        String victim = victim(db);
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", victim, "q.");
        config.put("incrementing.column.name", "id");
        config.put("query.suffix", "FOR SHARE; COMMIT; DROP TABLE " + victim);

        ConfigValidation result = validate(cluster, config);

        assertEquals(List.of("The query suffix must not end the statement: the ';' at character 10 ends it and more "
                + "SQL follows"), result.errorsFor("query.suffix"));
    }

    /**
     * pgjdbc makes transactions read-only after setReadOnly(true) unless the URL says readOnlyMode=ignore; the
     * connector's sessions are read-only by default whatever the URL says.
     */
    @Test
    void theTaskReadsInReadOnlyTransactionsWhateverTheUrlSays(KafkaConnectCluster cluster, PostgresDatabase db) {
        String victim = victim(db);
        String bump = bump(db, victim);
        Map<String, String> config = queryConfig(db, "SELECT id, " + bump + "() AS bumped FROM " + victim);
        config.put("connection.url", db.jdbcUrl() + "?readOnlyMode=ignore");
        config.put("topic.prefix", "q." + victim);
        cluster.connect().createConnector(victim, config);

        Poll.until(Fixture.TIMEOUT, "the task to fail or to deliver the query's rows",
                () -> failed(cluster, victim) || cluster.topics().names().contains("q." + victim));

        assertEquals(List.of(1), rowsOf(db, victim), "the query's function could not write");
        String trace = cluster.connect().awaitFailed(victim, Fixture.TIMEOUT).traces();
        assertTrue(trace.contains("cannot execute INSERT in a read-only transaction"), trace);
    }

    private static boolean failed(KafkaConnectCluster cluster, String connector) {
        try {
            return cluster.connect().status(connector).anyFailed();
        } catch (ConnectRestException e) {
            return false; // not known to the worker yet
        }
    }

    private static String victim(PostgresDatabase db) {
        String victim = Fixture.unique("victim");
        db.execute("CREATE TABLE " + victim + " (id int PRIMARY KEY)", "INSERT INTO " + victim + " VALUES (1)");
        return victim;
    }

    /** A function with a side effect: it adds a row to the victim. */
    private static String bump(PostgresDatabase db, String victim) {
        String bump = victim + "_bump";
        db.execute("CREATE FUNCTION " + bump + "() RETURNS int LANGUAGE sql VOLATILE AS "
                + "'INSERT INTO " + victim + " SELECT max(id) + 1 FROM " + victim + " RETURNING 1'");
        return bump;
    }

    private static List<Integer> rowsOf(PostgresDatabase db, String table) {
        if (db.queryValue("SELECT to_regclass(?)::text", table) == null) {
            throw new AssertionError("table " + table + " was dropped");
        }
        return db.query("SELECT id FROM " + table + " ORDER BY id").stream()
                .map(row -> (Integer) row.get("id")).toList();
    }

    private static Map<String, String> queryConfig(PostgresDatabase db, String query) {
        Map<String, String> config = Fixture.baseConfig(db, "bulk", "q.");
        config.put("query", query);
        config.put("poll.interval.ms", "60000");
        return config;
    }

    /** Validates as the worker does for a connector about to be created, which has a name. */
    private static ConfigValidation validate(KafkaConnectCluster cluster, Map<String, String> config) {
        Map<String, String> named = new HashMap<>(config);
        named.put("name", "validation-check");
        return cluster.connect().validate(named);
    }
}
