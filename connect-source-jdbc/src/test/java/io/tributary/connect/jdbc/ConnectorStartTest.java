package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * start() runs the checks of validate(): the worker validates a config it is given through the REST API,
 * but a connector also starts from a config stored earlier (a restart, a rebalance, a plugin upgrade, an
 * embedded engine) that no validate() saw in this version.
 */
class ConnectorStartTest {

    @Test
    void startFailsListingEveryProblemOnItsKey() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "orders");
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/shop");
        props.put("mode", "incrementing");
        props.put("topic.prefix", "shop.");
        props.put("table.include.list", "public\\.x");
        props.put("table.exclude.list", "public\\.y");

        ConfigException e = assertThrows(ConfigException.class, () -> new JdbcSourceConnector().start(props));

        assertEquals("connector orders cannot start: "
                + "table.include.list: Set table.include.list or table.exclude.list, not both; "
                + "table.exclude.list: Set table.include.list or table.exclude.list, not both; "
                + "incrementing.column.name: Mode incrementing needs incrementing.column.name: a strictly increasing "
                + "integer column", e.getMessage());
    }

    @Test
    void startFailsOnAKeyThatFailsItsOwnValidator() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "orders");
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/shop");
        props.put("mode", "sometimes");
        props.put("topic.prefix", "shop.");

        ConfigException e = assertThrows(ConfigException.class, () -> new JdbcSourceConnector().start(props));

        assertEquals("connector orders cannot start: mode: Invalid value sometimes for configuration mode: must be one "
                + "of bulk, incrementing, timestamp, timestamp+incrementing", e.getMessage());
    }

    @Test
    void startRefusesAQuerySmuggledOutOfItsSubqueryBeforeConnecting() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "orders");
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/shop");
        props.put("mode", "bulk");
        props.put("topic.prefix", "shop.");
        props.put("query", "SELECT 1 AS id) q; DROP TABLE orders; SELECT * FROM (SELECT 1 AS id");

        ConfigException e = assertThrows(ConfigException.class, () -> new JdbcSourceConnector().start(props));

        assertEquals("connector orders cannot start: query: The query closes a parenthesis it did not open, at "
                + "character 15: the connector runs it as a subquery, (<query>), and it must stay inside",
                e.getMessage());
    }
}
