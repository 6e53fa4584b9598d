package io.tributary.connect.jdbc.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadProgressTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final LoadProgress progress = new LoadProgress(now::get, TimeUnit.SECONDS.toNanos(60));

    /** Reads {@code count} rows with ids from {@code firstId}, the clock moving {@code nanosPerRow} each; the lines. */
    private List<String> read(long firstId, int count, long nanosPerRow) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = progress.row(firstId + i, "id");
            if (line != null) {
                lines.add(line);
            }
            now.addAndGet(nanosPerRow);
        }
        return lines;
    }

    @Test
    void aLineOncePerIntervalWithTheRowsTheValueReachedAndTheRate() {
        // 10,000 rows a second for 150 s: lines after 60 and 120 s, none at the start
        List<String> lines = read(1, 1_500_000, 100_000);

        assertEquals(List.of(
                "600,064 rows read in this run, up to id 600064; 10,000 rows/s in the last 60 s",
                "1,200,128 rows read in this run, up to id 1200128; 10,000 rows/s in the last 60 s"), lines);
        assertEquals(1_500_000, progress.rows());
    }

    @Test
    void aFastRangeThatEndsWithinTheIntervalSaysNothingOnTheWay() {
        assertEquals(List.of(), read(1, 100_000, 1_000));
        assertEquals(100_000, progress.rows());
    }

    @Test
    void theClockIsReadOncePerThousandRowsNotPerRow() {
        AtomicLong reads = new AtomicLong();
        LoadProgress counted = new LoadProgress(() -> {
            reads.incrementAndGet();
            return 0;
        }, 1);
        for (int i = 1; i <= 10_240; i++) {
            assertNull(counted.row(i, "id"));
        }
        // the first row starts the clock, then every 1,024th row looks
        assertEquals(11, reads.get());
    }
}
