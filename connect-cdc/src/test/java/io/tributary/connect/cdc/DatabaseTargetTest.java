package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.common.config.ConfigProblem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

    @Test
    void connectionUrlGivesHostPortAndDatabase() {
        DatabaseTarget target = target(Map.of("connection.url", "jdbc:postgresql://legacy.example:6543/shop")).target();
        assertEquals(List.of("legacy.example", 6543, "shop", "connection.url"),
                List.of(target.host(), target.port(), target.dbname(), target.locationKey()));
    }

    @Test
    void connectionUrlWithoutPortMeans5432() {
        assertEquals(5432, target(Map.of("connection.url", "jdbc:postgresql://legacy/shop")).target().port());
    }

    @Test
    void connectionUrlWithParametersIsRejectedWithWhereTheyGo() {
        assertEquals(List.of(ConfigProblem.of("connection.url", "expected jdbc:postgresql://host[:port]/database "
                        + "without parameters; put connection options under debezium.database.* (for example "
                        + "debezium.database.sslmode=require)")),
                target(Map.of("connection.url", "jdbc:postgresql://legacy/shop?sslmode=require")).problems());
    }

    @Test
    void connectionUrlAndHostTogetherAreRejected() {
        assertEquals(List.of(ConfigProblem.of("connection.url",
                        "give either connection.url or database.hostname and database.dbname, not both")),
                target(Map.of("connection.url", "jdbc:postgresql://legacy/shop",
                        "database.hostname", "legacy")).problems());
    }

    @Test
    void hostWithoutDatabaseIsRejected() {
        assertEquals(List.of(ConfigProblem.of("database.dbname", "give the name of the database to capture")),
                target(Map.of("database.hostname", "legacy")).problems());
    }

    @Test
    void redactRemovesThePasswordFromAnyMessage() {
        DatabaseTarget target = target(Map.of("database.hostname", "legacy", "database.dbname", "shop",
                "database.password", "p4ss")).target();
        assertEquals("login [hidden] failed", target.redact("login p4ss failed"));
    }

    private static DatabaseTarget.Result target(Map<String, String> connection) {
        Map<String, String> props = new HashMap<>(connection);
        props.put("database.user", "cdc");
        props.put("table.include.list", "public.orders");
        props.put("topic.prefix", "legacy");
        return DatabaseTarget.from(new PostgresCdcSourceConfig(props));
    }
}
