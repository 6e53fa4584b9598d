package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.TableCondition.Signal.CLEARED;
import static io.tributary.connect.jdbc.TableCondition.Signal.NONE;
import static io.tributary.connect.jdbc.TableCondition.Signal.WARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

class TableConditionTest {

    private final MockTime time = new MockTime(0, 1_000_000, 0);

    @Test
    void warnsOnceItHasLastedTheDelayThenAtEveryIntervalWhileItLasts() {
        TableCondition heldBack = new TableCondition(time, 60_000, 60_000);
        List<TableCondition.Signal> signals = new ArrayList<>();
        for (int second = 0; second <= 150; second += 10) { // a query every ten seconds
            signals.add(heldBack.observe(true));
            time.sleep(10_000);
        }

        assertEquals(List.of(NONE, NONE, NONE, NONE, NONE, NONE, WARN, NONE, NONE, NONE, NONE, NONE, WARN, NONE,
                NONE, NONE), signals);
        assertEquals(16, heldBack.queries());
        assertEquals(160_000, heldBack.totalMs());
    }

    @Test
    void saysClearedOnlyAfterAWarning() {
        TableCondition heldBack = new TableCondition(time, 60_000, 60_000);
        heldBack.observe(true);
        time.sleep(5_000);
        assertEquals(NONE, heldBack.observe(false), "a short hold is not news");

        heldBack.observe(true);
        time.sleep(60_000);
        assertEquals(WARN, heldBack.observe(true));
        time.sleep(1_000);
        assertEquals(CLEARED, heldBack.observe(false));
        assertEquals(61_000, heldBack.episodeMs());
        assertEquals(2, heldBack.episodeQueries());
        assertEquals(NONE, heldBack.observe(false));
    }

    @Test
    void keepsCountingAcrossEpisodesForMetrics() {
        TableCondition heldBack = new TableCondition(time, 60_000, 60_000);
        heldBack.observe(true);
        time.sleep(3_000);
        heldBack.observe(true);
        time.sleep(2_000);
        heldBack.observe(false);
        time.sleep(100_000);
        heldBack.observe(true);
        time.sleep(4_000);

        assertTrue(heldBack.isPresent());
        assertEquals(3, heldBack.queries());
        assertEquals(9_000, heldBack.totalMs(), "5 s ended, 4 s going on; the 100 s between do not count");
        assertEquals(4_000, heldBack.episodeMs());
        heldBack.observe(false);
        assertFalse(heldBack.isPresent());
    }

    @Test
    void warnsAtOnceWithoutDelay() {
        TableCondition offsetAhead = new TableCondition(time, 0, JdbcSourceTask.OFFSET_AHEAD_REPEAT_MS);
        assertEquals(WARN, offsetAhead.observe(true));
        time.sleep(JdbcSourceTask.OFFSET_AHEAD_REPEAT_MS - 1);
        assertEquals(NONE, offsetAhead.observe(true));
        time.sleep(1);
        assertEquals(WARN, offsetAhead.observe(true));
    }
}
