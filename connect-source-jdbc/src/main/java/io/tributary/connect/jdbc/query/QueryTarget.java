package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.util.List;
import java.util.Map;

/**
 * What a querier reads and where its records go: a table (partition {@code {"table": "schema.table"}},
 * topic prefix + table) or a custom query (partition {@code {"query": name}}, topic = prefix).
 *
 * @param fromSql     the FROM item, aliased as {@link #ROW_ALIAS}
 * @param rowVersions whether rows carry PostgreSQL's xmin (plain tables do, views and subqueries do not)
 */
public record QueryTarget(String description, String fromSql, Map<String, Object> partition, String topic,
                          String schemaName, List<String> keyColumns, boolean rowVersions) {

    /** The alias of the row source in every statement. */
    public static final String ROW_ALIAS = "tributary_row";

    public static QueryTarget table(SourceTable table, DatabaseDialect dialect, String topicPrefix, List<String> keyColumns) {
        return new QueryTarget("table " + table.id(), dialect.quote(table.id()) + " AS " + dialect.quote(ROW_ALIAS),
                Map.of("table", table.id().toString()), topicName(topicPrefix + table.id().table()), table.id().table(),
                List.copyOf(keyColumns), table.isPlainTable());
    }

    public static QueryTarget query(String query, String queryName, DatabaseDialect dialect, String topicPrefix) {
        return new QueryTarget("query " + queryName, "(" + query + ") AS " + dialect.quote(ROW_ALIAS),
                Map.of("query", queryName), topicName(topicPrefix), queryName, List.of(), false);
    }

    /** Kafka takes only ASCII letters, digits, '.', '_' and '-' in topic names; anything else becomes '_'. */
    static String topicName(String name) {
        return name.replaceAll("[^a-zA-Z0-9._-]", "_");
    }
}
