package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

class StartRetryTest {

    private final MockTime time = new MockTime(0, 1_000_000, 0);

    @Test
    void theFirstAttemptIsDueAtOnce() {
        assertTrue(new StartRetry(time, 60_000, 30_000).due());
    }

    @Test
    void waitsGrowFromOneSecondToTheMaximumWithJitter() {
        StartRetry retry = new StartRetry(time, 3_600_000, 8_000);
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 8_000};
        for (long ceiling : ceilings) {
            assertTrue(retry.failed());
            long wait = retry.msUntilDue();
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, "wait " + wait + " ms, ceiling " + ceiling);
            assertFalse(retry.due());
            time.sleep(wait);
            assertTrue(retry.due());
        }
        assertEquals(5, retry.failures());
    }

    @Test
    void aMaximumBelowOneSecondIsTheFirstWaitToo() {
        StartRetry retry = new StartRetry(time, 60_000, 200);
        assertTrue(retry.failed());
        assertTrue(retry.msUntilDue() <= 200);
    }

    @Test
    void theLastAttemptIsAtTheDeadlineAndAFailureAfterItGivesUp() {
        StartRetry retry = new StartRetry(time, 5_000, 30_000);
        time.sleep(4_500);
        assertTrue(retry.failed());
        assertEquals(500, retry.msUntilDue(), "never later than the deadline");
        time.sleep(500);
        assertFalse(retry.failed());
    }

    @Test
    void noTimeoutMeansNoRetry() {
        assertFalse(new StartRetry(time, 0, 30_000).failed());
    }
}
