package io.tributary.connect.jdbc;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: retries from many tasks do not hit a recovering database in step. */
final class Backoff {

    private static final long MAX_MS = 60_000;

    private final long initialMs;

    Backoff(long initialMs) {
        this.initialMs = initialMs;
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    long delayMs(int attempt) {
        if (initialMs == 0) {
            return 0;
        }
        long base = Math.min(MAX_MS, initialMs << Math.min(attempt - 1, 20));
        long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Math.min(MAX_MS, base + jitter);
    }
}
