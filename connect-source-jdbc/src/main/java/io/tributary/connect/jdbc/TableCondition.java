package io.tributary.connect.jdbc;

import org.apache.kafka.common.utils.Time;

/**
 * A condition of one table that comes and goes, looked at once per query (held back by the in-flight guard;
 * an offset above the table's highest id): how many queries saw it and for how long in all, and when to tell
 * the user, first once it has lasted {@code warnAfterMs}, then every {@code repeatMs} while it lasts.
 *
 * <p>The task's reader thread writes; the totals are volatile so that a metric can read them from another thread.
 */
final class TableCondition {

    /** What the task should say after a look. */
    enum Signal {
        /** Nothing new to say. */
        NONE,
        /** It has lasted long enough to warn, first or again. */
        WARN,
        /** It has ended after at least one warning. */
        CLEARED
    }

    private static final long NONE_SINCE = -1;

    private final Time time;
    private final long warnAfterMs;
    private final long repeatMs;
    private volatile long queries;
    private volatile long endedMs;
    private volatile long since = NONE_SINCE;
    private long episodeQueries;
    private long episodeMs;
    private long nextWarningAt;
    private boolean warned;

    TableCondition(Time time, long warnAfterMs, long repeatMs) {
        this.time = time;
        this.warnAfterMs = warnAfterMs;
        this.repeatMs = Math.max(1, repeatMs);
    }

    /** One query found the condition {@code present} or not. */
    Signal observe(boolean present) {
        long now = time.milliseconds();
        if (!present) {
            if (since == NONE_SINCE) {
                return Signal.NONE;
            }
            episodeMs = now - since;
            endedMs += episodeMs;
            since = NONE_SINCE;
            boolean wasWarned = warned;
            warned = false;
            return wasWarned ? Signal.CLEARED : Signal.NONE;
        }
        queries++;
        if (since == NONE_SINCE) {
            since = now;
            episodeQueries = 0;
            nextWarningAt = now + warnAfterMs;
        }
        episodeQueries++;
        if (now < nextWarningAt) {
            return Signal.NONE;
        }
        nextWarningAt = now + repeatMs;
        warned = true;
        return Signal.WARN;
    }

    /** Whether the last look found it. */
    boolean isPresent() {
        return since != NONE_SINCE;
    }

    /** Queries that found it, in all. */
    long queries() {
        return queries;
    }

    /** How long it has lasted, in all (the current episode too). */
    long totalMs() {
        long current = since;
        return endedMs + (current == NONE_SINCE ? 0 : time.milliseconds() - current);
    }

    /** How long the current episode has lasted, or the last one when it has just ended. */
    long episodeMs() {
        long current = since;
        return current == NONE_SINCE ? episodeMs : time.milliseconds() - current;
    }

    /** How long the current episode has lasted; 0 when the condition is absent. Read by metrics. */
    long episodeMsNow() {
        long current = since;
        return current == NONE_SINCE ? 0 : time.milliseconds() - current;
    }

    /** Queries that found it in the current episode, or in the last one when it has just ended. */
    long episodeQueries() {
        return episodeQueries;
    }
}
