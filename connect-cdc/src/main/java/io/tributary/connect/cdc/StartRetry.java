package io.tributary.connect.cdc;

import io.tributary.connect.common.Backoff;
import org.apache.kafka.common.utils.Time;

/**
 * When to try again to reach the database at start, and when to give up: exponential backoff with jitter
 * from 1 s (or the maximum, if shorter) up to the maximum, until the timeout has passed since the first
 * attempt. The caller makes one attempt whenever one is {@link #due()}, so a task that waits still returns
 * from {@code poll()} and the worker can pause or stop it.
 */
final class StartRetry {

    private static final long FIRST_BACKOFF_MS = 1_000;

    private final Time time;
    private final Backoff backoff;
    private final long timeoutMs;
    private final long startedMs;
    private int failures;
    private long nextAttemptMs;

    StartRetry(Time time, long timeoutMs, long backoffMaxMs) {
        this.time = time;
        this.backoff = new Backoff(Math.min(FIRST_BACKOFF_MS, backoffMaxMs), backoffMaxMs);
        this.timeoutMs = timeoutMs;
        this.startedMs = time.milliseconds();
        this.nextAttemptMs = startedMs;
    }

    boolean due() {
        return time.milliseconds() >= nextAttemptMs;
    }

    /** Milliseconds until the next attempt is due, 0 when it is. */
    long msUntilDue() {
        return Math.max(0, nextAttemptMs - time.milliseconds());
    }

    /**
     * Records a failed attempt. Answers whether to try again, and then schedules the attempt, never later
     * than the deadline (one last attempt is made then); false once the timeout has passed.
     */
    boolean failed() {
        failures++;
        long now = time.milliseconds();
        long deadline = startedMs + timeoutMs;
        if (now >= deadline) {
            return false;
        }
        nextAttemptMs = Math.min(now + backoff.delayMs(failures - 1), deadline);
        return true;
    }

    int failures() {
        return failures;
    }

    long elapsedMs() {
        return time.milliseconds() - startedMs;
    }
}
