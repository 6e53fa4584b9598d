package io.tributary.connect.jdbc;

/**
 * What the task watches in one table besides its rows, kept for the log and for metrics.
 *
 * @param heldBack    queries the in-flight guard held back at a row whose writer waits for an older transaction
 * @param offsetAhead queries that found the stored incrementing offset above the table's highest id
 * @param metrics     the table's metrics
 */
record TableHealth(TableCondition heldBack, TableCondition offsetAhead, SourceTaskMetrics.Table metrics) {
}
