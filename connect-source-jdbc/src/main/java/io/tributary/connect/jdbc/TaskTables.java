package io.tributary.connect.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hands tables to a task through its config map. One key per part keeps any character a table name may
 * hold (dots, commas, quotes) intact, with no escaping scheme to get wrong.
 */
final class TaskTables {

    static final String COUNT = "task.tables";
    private static final String PREFIX = "task.table.";

    private TaskTables() {
    }

    static void write(List<SourceTable> tables, Map<String, String> taskConfig) {
        taskConfig.put(COUNT, Integer.toString(tables.size()));
        for (int i = 0; i < tables.size(); i++) {
            TableId table = tables.get(i).id();
            taskConfig.put(PREFIX + i + ".schema", table.schema() == null ? "" : table.schema());
            taskConfig.put(PREFIX + i + ".name", table.table());
            taskConfig.put(PREFIX + i + ".type", tables.get(i).type());
        }
    }

    static List<SourceTable> read(Map<String, String> taskConfig) {
        String count = taskConfig.get(COUNT);
        if (count == null) {
            return List.of();
        }
        List<SourceTable> tables = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(count); i++) {
            String schema = taskConfig.get(PREFIX + i + ".schema");
            TableId id = new TableId(schema == null || schema.isEmpty() ? null : schema, taskConfig.get(PREFIX + i + ".name"));
            tables.add(new SourceTable(id, taskConfig.getOrDefault(PREFIX + i + ".type", SourceTable.TABLE)));
        }
        return tables;
    }
}
