package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

    private static final SourceTable ORDERS = new SourceTable(new TableId("public", "orders"), "TABLE");

    @Test
    void aPlanSurvivesItsStoredFormExactly() {
        LoadPlan incrementing = new LoadPlan(3000, null, 812L,
                List.of(new KeyRange(null, -5L), new KeyRange(-5L, 1000L), new KeyRange(1000L, 3001L)));
        LoadPlan timestamped = new LoadPlan(Long.MAX_VALUE, Instant.parse("2026-12-06T18:00:00.123456789Z"), null,
                List.of(new KeyRange(null, 0L), new KeyRange(0L, null)));

        assertEquals("v1;high=3000;ts=-;writers=812;ranges=..-5,-5..1000,1000..3001", incrementing.encode());
        assertEquals(incrementing, LoadPlan.decode(incrementing.encode()));
        assertEquals(timestamped, LoadPlan.decode(timestamped.encode()));
    }

    @Test
    void theIncrementalPartBeginsAtTheHighWaterMarkOfItsMode() {
        assertEquals(new SourceOffset(3000L, null),
                new LoadPlan(3000, null, null, List.of(KeyRange.ALL)).incrementalStart());
        Instant bound = Instant.parse("2026-12-06T18:00:00Z");
        assertEquals(new SourceOffset(null, bound),
                new LoadPlan(3000, bound, null, List.of(KeyRange.ALL)).incrementalStart());
    }

    @Test
    void whatIsNotAPlanIsRefusedWithWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadPlan.decode("v2;high=1"))
                .getMessage().contains("version v1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LoadPlan.decode("v1;high=x;ts=-;writers=-;ranges=..1,1..")).getMessage().contains("high=x"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LoadPlan.decode("v1;high=1;ts=-;writers=-;ranges=..1,1")).getMessage().contains("'1'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LoadPlan.decode("v1;high=1;ts=-;wrote=-;ranges=..")).getMessage().contains("writers="));
        List<KeyRange> tooMany = new ArrayList<>();
        for (int i = 0; i <= LoadPlan.MAX_RANGES; i++) {
            tooMany.add(new KeyRange((long) i, i + 1L));
        }
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(1, null, null, tooMany));
    }

    @Test
    void rangesAndTheIncrementalPartSurviveTheTaskConfig() {
        LoadPlan plan = new LoadPlan(3000, Instant.parse("2026-12-06T18:00:00Z"), 812L,
                List.of(new KeyRange(null, 1500L), new KeyRange(1500L, null)));
        List<TableSlice> slices = List.of(TableSlice.incremental(ORDERS, plan), TableSlice.loadRange(ORDERS, plan, 0),
                TableSlice.loadRange(ORDERS, plan, 1),
                new TableSlice(ORDERS, "id", new KeyRange(1L, 2L)), TableSlice.whole(ORDERS));
        Map<String, String> config = new HashMap<>();

        TaskTables.writeSlices(slices, config);

        assertEquals(slices, TaskTables.readSlices(config));
        assertEquals("public.orders initial load range 2 of 2 (1500..)", slices.get(2).toString());
    }
}
