package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** initial.load.parallel is an error only where it can never apply; no database is needed to tell. */
class InitialLoadValidationTest {

    private static Map<String, String> config(String mode) {
        Map<String, String> config = new HashMap<>();
        // no driver answers this URL, so the database checks fail at once without a network
        config.put("connection.url", "jdbc:tributary-none:nowhere");
        config.put("mode", mode);
        config.put("topic.prefix", "t.");
        config.put("incrementing.column.name", "id");
        config.put("timestamp.column.name", "ts");
        config.put("initial.load.parallel", "true");
        return config;
    }

    private static List<String> errors(Map<String, String> config) {
        return new JdbcSourceConnector().validate(config).configValues().stream()
                .filter(value -> value.name().equals(JdbcSourceConfig.INITIAL_LOAD_PARALLEL))
                .map(ConfigValue::errorMessages).findFirst().orElseThrow();
    }

    @Test
    void modesWithoutAnIncrementingColumnAreReportedOnTheKey() {
        assertEquals(List.of("Only incrementing and timestamp+incrementing modes load a table's existing rows in "
                + "ranges of the incrementing column; mode timestamp has no incrementing column to cut. Set "
                + "initial.load.parallel=false"), errors(config("timestamp")));
        assertEquals(List.of("Only incrementing and timestamp+incrementing modes load a table's existing rows in "
                + "ranges of the incrementing column; mode bulk reads whole tables (see bulk.split.by.primary.key). "
                + "Set initial.load.parallel=false"), errors(config("bulk")));
    }

    @Test
    void aQueryIsReportedOnTheKey() {
        Map<String, String> config = config("incrementing");
        config.put("query", "SELECT 1 AS id");

        assertEquals(List.of("A query is read by one task; only tables are loaded in ranges. Set "
                + "initial.load.parallel=false or read tables instead of the query"), errors(config));
    }

    @Test
    void tablesInBothIncrementingModesAreValid() {
        assertEquals(List.of(), errors(config("incrementing")));
        assertEquals(List.of(), errors(config("timestamp+incrementing")));
    }
}
