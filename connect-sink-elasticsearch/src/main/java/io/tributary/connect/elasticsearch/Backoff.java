package io.tributary.connect.elasticsearch;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of {@code initial * 2^n},
 * capped at {@code max}. The random half keeps tasks that failed together from retrying together.
 */
final class Backoff {

    private final long initialMs;
    private final long maxMs;

    Backoff(long initialMs, long maxMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** The ceiling of attempt {@code attempt} (0 for the first retry), before jitter. */
    long ceilingMs(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ceiling = initialMs << shift;
        return ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
    }

    /** How long to wait before retry {@code attempt}: in [ceiling/2, ceiling]. */
    long delayMs(int attempt) {
        long ceiling = ceilingMs(attempt);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
