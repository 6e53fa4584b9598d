package io.tributary.connect.common;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retries against a database or a cluster: attempt {@code n}
 * (0 for the first retry) waits between half and all of {@code initial * 2^n}, capped at {@code max}.
 * The random half keeps tasks that failed together from retrying together against a recovering server.
 */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;

    public Backoff(long initialMs, long maxMs) {
        if (initialMs < 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got initial " + initialMs
                    + " ms, max " + maxMs + " ms");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** The ceiling of retry {@code attempt} (0 for the first), before jitter; 0 when the initial wait is 0. */
    public long ceilingMs(int attempt) {
        if (initialMs == 0) {
            return 0;
        }
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ceiling = initialMs << shift;
        return ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
    }

    /** How long to wait before retry {@code attempt} (0 for the first): in [ceiling/2, ceiling]. */
    public long delayMs(int attempt) {
        long ceiling = ceilingMs(attempt);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
