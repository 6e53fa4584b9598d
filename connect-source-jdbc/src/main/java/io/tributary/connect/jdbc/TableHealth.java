package io.tributary.connect.jdbc;

/**
 * What the task watches in one table besides its rows, kept for the log and for metrics.
 *
 * @param offsetAhead queries that found the stored incrementing offset above the table's highest id
 */
record TableHealth(TableCondition offsetAhead) {
}
