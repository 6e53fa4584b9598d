package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableFilterTest {

    private static final List<SourceTable> TABLES = List.of(table("public", "orders"),
            table("public", "orders_archive"), table("sales", "Order Lines"));

    @Test
    void includeExpressionsMatchTheWholeSchemaQualifiedName() {
        TableFilter filter = new TableFilter(List.of("public\\.orders", "sales\\..*"), List.of());

        assertEquals(List.of(TABLES.get(0), TABLES.get(2)), filter.apply(TABLES));
    }

    @Test
    void excludeExpressionsDropMatchingTables() {
        TableFilter filter = new TableFilter(List.of(), List.of(".*_archive"));

        assertEquals(List.of(TABLES.get(0), TABLES.get(2)), filter.apply(TABLES));
    }

    @Test
    void includesThatMatchNothingAreReported() {
        TableFilter filter = new TableFilter(List.of("public\\.orders", "public\\.customers"), List.of());

        assertEquals(List.of("public\\.customers"), filter.unmatchedIncludes(TABLES));
    }

    private static SourceTable table(String schema, String name) {
        return new SourceTable(new TableId(schema, name), "TABLE");
    }
}
