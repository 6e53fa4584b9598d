package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** Config mistakes that validate() reports before it would contact any database. */
class ConnectorValidateTest {

    @Test
    void anUnknownOutputIsReportedOnItsKey() {
        assertEquals(List.of("Invalid value rows for configuration output: must be one of envelope, row"),
                errors(Map.of("output", "rows")).get("output"));
    }

    @Test
    void aDebeziumKeyThatShadowsACuratedKeyIsReportedOnThePassthroughKey() {
        assertEquals(Map.of("debezium.table.include.list", List.of("cannot be passed through to Debezium: use the "
                + "connector's own key table.include.list")),
                errors(Map.of("debezium.table.include.list", "public.x")));
    }

    @Test
    void anEmptyTableListIsReported() {
        assertEquals(List.of("Invalid value [] for configuration table.include.list: "
                + "list at least one table as schema.table"),
                errors(Map.of("table.include.list", "")).get("table.include.list"));
    }

    private static Map<String, List<String>> errors(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of("name", "orders_cdc", "database.hostname", "legacy.invalid",
                "database.dbname", "shop", "database.user", "cdc", "table.include.list", "public.orders",
                "topic.prefix", "legacy"));
        props.putAll(overrides);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ConfigValue value : new PostgresCdcSourceConnector().validate(props).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }
}
