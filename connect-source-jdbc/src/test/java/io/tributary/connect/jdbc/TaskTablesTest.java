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

    @Test
    void keyRangesSurviveTheTaskConfigWithOpenEndsLeftOpen() {
        SourceTable table = new SourceTable(new TableId("public", "orders"), "TABLE");
        List<TableSlice> slices = List.of(new TableSlice(table, "Order \"Id\"", new KeyRange(null, -5L)),
                new TableSlice(table, "Order \"Id\"", new KeyRange(-5L, 0L)),
                new TableSlice(table, "Order \"Id\"", new KeyRange(0L, null)),
                TableSlice.whole(new SourceTable(new TableId("public", "customers"), "TABLE")));
        Map<String, String> config = new HashMap<>();

        TaskTables.writeSlices(slices, config);

        assertEquals(slices, TaskTables.readSlices(config));
    }
}
