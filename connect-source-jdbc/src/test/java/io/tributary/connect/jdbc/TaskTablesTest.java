package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskTablesTest {

    @Test
    void namesWithDotsCommasAndQuotesSurviveTheTaskConfig() {
        List<SourceTable> tables = List.of(new SourceTable(new TableId("my.schema", "a,b \"c\""), "TABLE"),
                new SourceTable(new TableId(null, "plain"), "VIEW"));
        Map<String, String> config = new HashMap<>();

        TaskTables.write(tables, config);

        assertEquals(tables, TaskTables.read(config));
    }
}
