package io.tributary.connect.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(100, 10_000);

    @Test
    void doublesPerAttemptUpToTheCap() {
        assertEquals(100, backoff.ceilingMs(0));
        assertEquals(800, backoff.ceilingMs(3));
        assertEquals(10_000, backoff.ceilingMs(7));
        assertEquals(10_000, backoff.ceilingMs(1_000));
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheCeiling() {
        for (int i = 0; i < 1_000; i++) {
            long delay = backoff.delayMs(3);
            assertTrue(delay >= 400 && delay <= 800, "delay " + delay);
        }
    }

    @Test
    void zeroInitialWaitRetriesAtOnce() {
        assertEquals(0, new Backoff(0, 60_000).delayMs(5));
    }

    @Test
    void rejectsAMaximumBelowTheInitialWait() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1_000, 10));
    }
}
