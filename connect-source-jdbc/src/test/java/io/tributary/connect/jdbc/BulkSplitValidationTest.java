package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** bulk.split.by.primary.key is an error only where it can never apply; no database is needed to tell. */
class BulkSplitValidationTest {

    private static Map<String, String> config(String mode) {
        Map<String, String> config = new HashMap<>();
        // no driver answers this URL, so the database checks fail at once without a network
        config.put("connection.url", "jdbc:tributary-none:nowhere");
        config.put("mode", mode);
        config.put("topic.prefix", "t.");
        config.put("bulk.split.by.primary.key", "true");
        return config;
    }

    private static List<String> errors(Map<String, String> config) {
        return new JdbcSourceConnector().validate(config).configValues().stream()
                .filter(value -> value.name().equals(JdbcSourceConfig.BULK_SPLIT_BY_PRIMARY_KEY))
                .map(ConfigValue::errorMessages).findFirst().orElseThrow();
    }

    @Test
    void splitInAModeOtherThanBulkIsReportedOnTheKey() {
        Map<String, String> config = config("incrementing");
        config.put("incrementing.column.name", "id");

        assertEquals(List.of("Only bulk mode reads tables by key range; mode incrementing reads each table in one "
                + "task. Set bulk.split.by.primary.key=false"), errors(config));
    }

    @Test
    void splitOfAQueryIsReportedOnTheKey() {
        Map<String, String> config = config("bulk");
        config.put("query", "SELECT 1 AS id");

        assertEquals(List.of("A query has no primary key to split by; one task reads it. "
                + "Set bulk.split.by.primary.key=false or read tables instead of the query"), errors(config));
    }

    @Test
    void splitOfBulkTablesIsValid() {
        assertEquals(List.of(), errors(config("bulk")));
    }
}
