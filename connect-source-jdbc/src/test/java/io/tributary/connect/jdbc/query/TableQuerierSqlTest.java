package io.tributary.connect.jdbc.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.jdbc.KeyRange;
import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.TableId;
import io.tributary.connect.jdbc.dialect.GenericDialect;
import io.tributary.connect.jdbc.schema.MappingOptions;
import io.tributary.connect.jdbc.schema.NumericMapping;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableQuerierSqlTest {

    private static final GenericDialect DIALECT = new GenericDialect();

    private static QuerierSettings settings(String suffix) {
        return new QuerierSettings("Line \"Id\"", List.of("updated at", "created"), null, 0, true, ZoneOffset.UTC,
                suffix, 100, new MappingOptions(NumericMapping.NONE, ZoneOffset.UTC), true);
    }

    private static QueryTarget table() {
        return QueryTarget.table(new SourceTable(new TableId("Sales", "Order Lines"), "TABLE"), DIALECT, "p.",
                List.of());
    }

    @Test
    void timestampIncrementingQuotesEveryIdentifierAndCoalescesTimestamps() {
        TableQuerier querier = TimestampQuerier.withIncrementing(table(), DIALECT, settings(""), SourceOffset.NONE);

        assertEquals("SELECT \"tributary_row\".* FROM \"Sales\".\"Order Lines\" AS \"tributary_row\""
                        + " WHERE COALESCE(\"updated at\", \"created\") < ?"
                        + " AND ((COALESCE(\"updated at\", \"created\") = ?"
                        + " AND \"Line \"\"Id\"\"\" > ?) OR COALESCE(\"updated at\", \"created\") > ?)"
                        + " ORDER BY COALESCE(\"updated at\", \"created\") ASC, \"Line \"\"Id\"\"\" ASC",
                querier.sql(Optional.empty(), true));
    }

    @Test
    void rowVersionCheckIsAnExtraColumnAndTheSuffixComesLast() {
        TableQuerier querier = new TimestampQuerier(table(), DIALECT, settings("FOR SHARE"), SourceOffset.NONE);

        assertEquals("SELECT \"tributary_row\".*, settled(x) AS \"__tributary_settled\" FROM \"Sales\".\"Order Lines\""
                        + " AS \"tributary_row\" WHERE COALESCE(\"updated at\", \"created\") < ?"
                        + " ORDER BY COALESCE(\"updated at\", \"created\") ASC FOR SHARE",
                querier.sql(Optional.of("settled(x)"), false));
    }

    @Test
    void customQueryIsWrappedSoItsOwnWhereClauseStays() {
        QueryTarget target = QueryTarget.query("SELECT * FROM t WHERE kind = 'a'", "q", DIALECT, "topic");
        TableQuerier querier = new BulkQuerier(target, DIALECT, settings(""));

        assertEquals("SELECT \"tributary_row\".* FROM (SELECT * FROM t WHERE kind = 'a'\n) AS \"tributary_row\"",
                querier.sql(Optional.empty(), false));
    }

    @Test
    void keyRangeOfATableIsItsOwnPartitionAndLimitsTheRows() {
        QueryTarget target = QueryTarget.tableSlice(new SourceTable(new TableId("Sales", "Order Lines"), "TABLE"),
                "Line Id", new KeyRange(1000L, 2000L), DIALECT, "p.", List.of("Line Id"));
        TableQuerier querier = new BulkQuerier(target, DIALECT, settings(""));

        assertEquals("SELECT \"tributary_row\".* FROM \"Sales\".\"Order Lines\" AS \"tributary_row\""
                        + " WHERE \"Line Id\" >= 1000 AND \"Line Id\" < 2000",
                querier.sql(Optional.empty(), false));
        assertEquals(Map.of("table", "Sales.Order Lines", "range", "1000..2000"), target.partition());
        assertEquals("p.Order_Lines", target.topic());
        assertEquals(List.of("Line Id"), target.keyColumns());
    }

    @Test
    void topicNamesKeepOnlyCharactersKafkaAllows() {
        assertEquals("p.Order_Lines", table().topic());
    }
}
