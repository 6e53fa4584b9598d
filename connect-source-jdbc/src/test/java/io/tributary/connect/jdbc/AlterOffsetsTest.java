package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * What the connector lets an operator write through {@code PATCH} and {@code DELETE /connectors/{name}/offsets}:
 * offsets its tasks can read as numbers; removing offsets always.
 */
class AlterOffsetsTest {

    private static final Map<String, String> PARALLEL = Map.of("initial.load.parallel", "true");
    private static final Map<String, String> ONE_TASK_PER_TABLE = Map.of("initial.load.parallel", "false");
    private static final Map<String, Object> ORDERS = Map.of("table", "public.orders");

    @Test
    void removingOffsetsIsAlwaysAccepted() {
        // what DELETE /connectors/<name>/offsets sends: every stored partition with a null offset; a table that
        // was never loaded in ranges has no load_range partition among them
        Map<Map<String, ?>, Map<String, ?>> everything = offsets(ORDERS, null);
        everything.put(Map.of("table", "public.customers"), null);
        everything.put(Map.of("table", "public.customers", "load_range", "0"), null);
        everything.put(Map.of("table", "public.items", "range", "1..100"), null);

        assertTrue(new JdbcSourceConnector().alterOffsets(PARALLEL, everything));
        assertTrue(new JdbcSourceConnector().alterOffsets(PARALLEL, offsets(ORDERS, null)));
        assertTrue(new JdbcSourceConnector().alterOffsets(ONE_TASK_PER_TABLE, offsets(ORDERS, null)));
    }

    @Test
    void anOffsetThatIsNotANumberIsRefusedWithItsPartitionAndKey() {
        ConnectException e = assertThrows(ConnectException.class, () -> new JdbcSourceConnector().alterOffsets(
                ONE_TASK_PER_TABLE, offsets(ORDERS, Map.of("incrementing", "1500"))));

        assertEquals("The offset of partition {table=public.orders} sets incrementing to 1500, "
                + "which is not a number: the task would read the table from its start. Give incrementing as a JSON "
                + "number", e.getMessage());
        assertThrows(ConnectException.class, () -> new JdbcSourceConnector().alterOffsets(ONE_TASK_PER_TABLE,
                offsets(ORDERS, Map.of("timestamp", "2024-01-01T00:00:00Z"))));
    }

    @Test
    void offsetsOfNumbersAreAccepted() {
        assertTrue(new JdbcSourceConnector().alterOffsets(PARALLEL,
                offsets(ORDERS, Map.of("incrementing", 1500L, "timestamp", 1_700_000_000_000L,
                        "timestamp_nanos", 0))));
        assertTrue(new JdbcSourceConnector().alterOffsets(ONE_TASK_PER_TABLE,
                offsets(Map.of("query", "orders"), Map.of("incrementing", 7))));
    }

    private static Map<Map<String, ?>, Map<String, ?>> offsets(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        return offsets;
    }
}
