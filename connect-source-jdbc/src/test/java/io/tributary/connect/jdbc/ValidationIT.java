package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PUT /connector-plugins/{class}/config/validate names the key to fix and why, against the real database. */
@WithKafkaConnect
@WithPostgres
class ValidationIT {

    @Test
    void validConfigHasNoErrors(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("valid");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL)");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "v.");
        config.put("incrementing.column.name", "id");
        config.put("timestamp.column.name", "ts");

        ConfigValidation result = validate(cluster, config);

        assertTrue(result.isValid(), () -> "errors: " + result.errors());
    }

    @Test
    void unknownModeIsReportedOnMode(KafkaConnectCluster cluster, PostgresDatabase db) {
        ConfigValidation result = validate(cluster, Fixture.baseConfig(db, "sometimes", "v."));

        assertEquals(List.of("Invalid value sometimes for configuration mode: must be one of "
                + "bulk, incrementing, timestamp, timestamp+incrementing"), result.errorsFor("mode"));
    }

    @Test
    void modeIsMatchedIgnoringCase(KafkaConnectCluster cluster, PostgresDatabase db) {
        ConfigValidation result = validate(cluster, Fixture.baseConfig(db, "BULK", "v."));

        assertEquals(List.of(), result.errorsFor("mode"));
    }

    @Test
    void modeWithoutItsColumnIsReportedOnTheColumnKey(KafkaConnectCluster cluster, PostgresDatabase db) {
        ConfigValidation result = validate(cluster, Fixture.baseConfig(db, "timestamp+incrementing", "v."));

        assertEquals(List.of("Mode timestamp+incrementing needs incrementing.column.name: a strictly increasing "
                + "integer column"), result.errorsFor("incrementing.column.name"));
        assertEquals(List.of("Mode timestamp+incrementing needs timestamp.column.name: one or more timestamp columns"),
                result.errorsFor("timestamp.column.name"));
    }

    @Test
    void tableThatDoesNotExistIsReportedOnTheIncludeList(KafkaConnectCluster cluster, PostgresDatabase db) {
        Map<String, String> config = Fixture.tableConfig(db, "bulk", "no_such_table", "v.");

        List<String> errors = validate(cluster, config).errorsFor("table.include.list");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("No table matches 'public\\.no_such_table'"), errors.get(0));
    }

    @Test
    void missingAndNonMonotonicColumnsAreReportedPerTable(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("badcols");
        db.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, name text)");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp+incrementing", table, "v.");
        config.put("incrementing.column.name", "id");
        config.put("timestamp.column.name", "updated_at");

        ConfigValidation result = validate(cluster, config);

        assertEquals(List.of("Column 'id' of table public." + table
                + " is of type text, which cannot increase strictly; "
                + "use an integer column (smallint, integer, bigint)"), result.errorsFor("incrementing.column.name"));
        assertEquals(List.of("table public." + table + " has no column 'updated_at'"),
                result.errorsFor("timestamp.column.name"));
    }

    @Test
    void nullableTimestampColumnIsReportedUnlessValidateNonNullIsOff(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("nullable");
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamp)");
        Map<String, String> config = Fixture.tableConfig(db, "timestamp", table, "v.");
        config.put("timestamp.column.name", "ts");

        assertEquals(1, validate(cluster, config).errorsFor("timestamp.column.name").size());
        config.put("validate.non.null", "false");
        assertTrue(validate(cluster, config).isValid());
    }

    @Test
    void includeAndExcludeTogetherAreReportedOnBoth(KafkaConnectCluster cluster, PostgresDatabase db) {
        Map<String, String> config = Fixture.baseConfig(db, "bulk", "v.");
        config.put("table.include.list", "public\\..*");
        config.put("table.exclude.list", "public\\.secret");

        ConfigValidation result = validate(cluster, config);

        assertEquals(List.of("Set table.include.list or table.exclude.list, not both"),
                result.errorsFor("table.include.list"));
        assertEquals(List.of("Set table.include.list or table.exclude.list, not both"),
                result.errorsFor("table.exclude.list"));
    }

    @Test
    void malformedUrlIsReportedWithoutEchoingIt(KafkaConnectCluster cluster, PostgresDatabase db) {
        Map<String, String> config = Fixture.baseConfig(db, "bulk", "v.");
        config.put("connection.url", "postgres://localhost/db?password=hunter2");

        List<String> errors = validate(cluster, config).errorsFor("connection.url");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("must be a JDBC URL such as jdbc:postgresql://host:5432/database"),
                errors.get(0));
        assertFalse(errors.get(0).contains("hunter2"));
    }

    @Test
    void unreachableDatabaseIsReportedOnTheUrl(KafkaConnectCluster cluster, PostgresDatabase db) {
        Map<String, String> config = Fixture.baseConfig(db, "bulk", "v.");
        config.put("connection.url", "jdbc:postgresql://" + db.host() + ":" + db.port() + "/no_such_database");

        List<String> errors = validate(cluster, config).errorsFor("connection.url");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("Cannot connect to jdbc:postgresql://"), errors.get(0));
        assertTrue(errors.get(0).contains("no_such_database\" does not exist"), errors.get(0));
    }

    @Test
    void wrongPasswordIsReportedOnThePasswordWithoutEchoingIt(KafkaConnectCluster cluster, PostgresDatabase db) {
        String role = Fixture.unique("reader");
        db.createRole(role, "right-secret", "");
        Map<String, String> config = Fixture.baseConfig(db, "bulk", "v.");
        config.put("connection.user", role);
        config.put("connection.password", "wrong-secret-xyz");

        ConfigValidation result = validate(cluster, config);

        List<String> errors = result.errorsFor("connection.password");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("password authentication failed for user \"" + role + "\""), errors.get(0));
        assertFalse(result.errors().toString().contains("wrong-secret-xyz"));
    }

    @Test
    void queryThatFailsIsReportedOnTheQuery(KafkaConnectCluster cluster, PostgresDatabase db) {
        Map<String, String> config = Fixture.baseConfig(db, "bulk", "v.");
        config.put("query", "SELECT nope FROM nowhere");

        List<String> errors = validate(cluster, config).errorsFor("query");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("The query fails: ERROR: relation \"nowhere\" does not exist"),
                errors.get(0));
    }

    /** Validates as the worker does for a connector about to be created, which has a name. */
    private static ConfigValidation validate(KafkaConnectCluster cluster, Map<String, String> config) {
        Map<String, String> named = new java.util.HashMap<>(config);
        named.put("name", "validation-check");
        return cluster.connect().validate(named);
    }
}
