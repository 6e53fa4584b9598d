package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.KeyRange;
import io.tributary.connect.jdbc.LoadPlan;
import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a querier reads and where its records go: a table (partition {@code {"table": "schema.table"}},
 * topic prefix + table) or a custom query (partition {@code {"query": name}}, topic = prefix).
 *
 * @param fromSql     the FROM item, aliased as {@link #ROW_ALIAS}
 * @param rowVersions whether rows carry PostgreSQL's xmin (plain tables do, views and subqueries do not)
 * @param rowFilter   a fixed WHERE condition that limits the rows, ANDed with the mode's own; null for none
 */
public record QueryTarget(String description, String fromSql, Map<String, Object> partition, String topic,
                          String schemaName, List<String> keyColumns, boolean rowVersions, String rowFilter) {

    /** The alias of the row source in every statement. */
    public static final String ROW_ALIAS = "tributary_row";

    public static QueryTarget table(SourceTable table, DatabaseDialect dialect, String topicPrefix,
                                    List<String> keyColumns) {
        return new QueryTarget("table " + table.id(), dialect.quote(table.id()) + " AS " + dialect.quote(ROW_ALIAS),
                Map.of("table", table.id().toString()), topicName(topicPrefix + table.id().table()), table.id().table(),
                List.copyOf(keyColumns), table.isPlainTable(), null);
    }

    /**
     * Only the rows of one key range of a table. The range is a source partition of its own, so tasks that
     * share a table never share a partition; topic and record key stay the table's.
     */
    public static QueryTarget tableSlice(SourceTable table, String keyColumn, KeyRange range, DatabaseDialect dialect,
                                         String topicPrefix, List<String> keyColumns) {
        QueryTarget whole = table(table, dialect, topicPrefix, keyColumns);
        if (range.isAll()) {
            return whole;
        }
        return new QueryTarget(whole.description() + " where " + keyColumn + " in " + range.label(), whole.fromSql(),
                partition("table", table.id().toString(), "range", range.label()), whole.topic(), whole.schemaName(),
                whole.keyColumns(), whole.rowVersions(), range.condition(dialect.quote(keyColumn)));
    }

    /**
     * Range {@code index} of a table's parallel initial load: a source partition of its own
     * ({@code {"table": ..., "load_range": "index"}}), the table's topic and record key.
     */
    public static QueryTarget loadRange(SourceTable table, LoadPlan plan, int index, String incrementingColumn,
                                        DatabaseDialect dialect, String topicPrefix, List<String> keyColumns) {
        QueryTarget whole = table(table, dialect, topicPrefix, keyColumns);
        KeyRange range = plan.ranges().get(index);
        return new QueryTarget(whole.description() + " initial load range " + (index + 1) + " of "
                + plan.ranges().size() + " (" + incrementingColumn + " in " + range.label() + ")", whole.fromSql(),
                partition("table", table.id().toString(), LoadPlan.PARTITION_KEY, Integer.toString(index)),
                whole.topic(), whole.schemaName(), whole.keyColumns(), whole.rowVersions(),
                range.condition(dialect.quote(incrementingColumn)));
    }

    public static QueryTarget query(String query, String queryName, DatabaseDialect dialect, String topicPrefix) {
        // the line break ends a -- comment at the end of the query, which would otherwise swallow the rest
        return new QueryTarget("query " + queryName, "(" + query + "\n) AS " + dialect.quote(ROW_ALIAS),
                Map.of("query", queryName), topicName(topicPrefix), queryName, List.of(), false, null);
    }

    /**
     * A source partition of two entries, in the order a HashMap keeps them. The worker finds stored offsets by the
     * partition's serialized form, which follows the map's order, and reads partitions back from the offset topic
     * into hash maps: Map.of's order changes from one JVM to the next, so after a worker restart the offsets of a
     * partition written in it were not found (GET /connectors/x/offsets showed them as null).
     */
    public static Map<String, Object> partition(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> partition = new HashMap<>();
        partition.put(key1, value1);
        partition.put(key2, value2);
        return Collections.unmodifiableMap(partition);
    }

    /** Kafka takes only ASCII letters, digits, '.', '_' and '-' in topic names; anything else becomes '_'. */
    public static String topicName(String name) {
        return name.replaceAll("[^a-zA-Z0-9._-]", "_");
    }
}
