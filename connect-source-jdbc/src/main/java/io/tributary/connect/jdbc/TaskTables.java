package io.tributary.connect.jdbc;

import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hands tables, or key ranges of them, to a task through its config map. One key per part keeps any
 * character a table or column name may hold (dots, commas, quotes) intact, with no escaping scheme to get wrong.
 */
final class TaskTables {

    static final String COUNT = "task.tables";
    /** The task's number among the connector's tasks, for the names of its metrics where the worker gives none. */
    static final String TASK_NUMBER = "task.number";
    private static final String PREFIX = "task.table.";

    private TaskTables() {
    }

    /** Numbers each task config in order, as the worker numbers the tasks. */
    static List<Map<String, String>> numbered(List<Map<String, String>> taskConfigs) {
        return PluginMetricsRegistry.numberTasks(taskConfigs, TASK_NUMBER);
    }

    /** The task's number, or null from a config written before tasks were numbered. */
    static Integer taskNumber(Map<String, String> taskConfig) {
        return PluginMetricsRegistry.taskNumber(taskConfig, TASK_NUMBER);
    }

    static void write(List<SourceTable> tables, Map<String, String> taskConfig) {
        writeSlices(tables.stream().map(TableSlice::whole).toList(), taskConfig);
    }

    static void writeSlices(List<TableSlice> slices, Map<String, String> taskConfig) {
        taskConfig.put(COUNT, Integer.toString(slices.size()));
        for (int i = 0; i < slices.size(); i++) {
            TableSlice slice = slices.get(i);
            TableId table = slice.table().id();
            taskConfig.put(PREFIX + i + ".schema", table.schema() == null ? "" : table.schema());
            taskConfig.put(PREFIX + i + ".name", table.table());
            taskConfig.put(PREFIX + i + ".type", slice.table().type());
            if (slice.isSplit()) {
                taskConfig.put(PREFIX + i + ".key", slice.keyColumn());
                if (slice.range().from() != null) {
                    taskConfig.put(PREFIX + i + ".key.from", slice.range().from().toString());
                }
                if (slice.range().to() != null) {
                    taskConfig.put(PREFIX + i + ".key.to", slice.range().to().toString());
                }
            }
            if (slice.plan() != null) {
                taskConfig.put(PREFIX + i + ".load", slice.plan().encode());
                taskConfig.put(PREFIX + i + ".load.range", Integer.toString(slice.loadRange()));
            }
        }
    }

    static List<SourceTable> read(Map<String, String> taskConfig) {
        return readSlices(taskConfig).stream().map(TableSlice::table).toList();
    }

    static List<TableSlice> readSlices(Map<String, String> taskConfig) {
        String count = taskConfig.get(COUNT);
        if (count == null) {
            return List.of();
        }
        List<TableSlice> slices = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(count); i++) {
            String schema = taskConfig.get(PREFIX + i + ".schema");
            TableId id = new TableId(schema == null || schema.isEmpty() ? null : schema,
                    taskConfig.get(PREFIX + i + ".name"));
            SourceTable table = new SourceTable(id, taskConfig.getOrDefault(PREFIX + i + ".type", SourceTable.TABLE));
            String key = taskConfig.get(PREFIX + i + ".key");
            String plan = taskConfig.get(PREFIX + i + ".load");
            if (plan != null) {
                slices.add(new TableSlice(table, null, KeyRange.ALL, LoadPlan.decode(plan),
                        Integer.parseInt(taskConfig.get(PREFIX + i + ".load.range"))));
                continue;
            }
            slices.add(key == null ? TableSlice.whole(table)
                    : new TableSlice(table, key, new KeyRange(longOrNull(taskConfig.get(PREFIX + i + ".key.from")),
                            longOrNull(taskConfig.get(PREFIX + i + ".key.to")))));
        }
        return slices;
    }

    private static Long longOrNull(String value) {
        return value == null ? null : Long.valueOf(value);
    }
}
