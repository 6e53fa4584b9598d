package io.tributary.connect.jdbc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;

/**
 * Bounds the records a task has handed to the worker that Kafka has not acknowledged yet.
 *
 * <p>Until Kafka acknowledges a record, the worker keeps it (the row's objects and the converted bytes,
 * through the send callback) and its producer keeps another copy of the bytes. The producer's
 * {@code buffer.memory} bounds only its own bytes, compressed ones when compression is on; a task that reads
 * faster than the brokers take can therefore pile up tens of thousands of waiting records in the heap, and
 * the garbage collector copies them from one young collection to the next.
 *
 * <p>The bound follows what the producer needs to stay busy: the records Kafka acknowledges together (one
 * produce response completes every record of its request, one after the other on the producer's I/O thread)
 * show how many records one request carries; the gate lets eight such requests' worth wait, at least
 * {@code floor} and at most {@code ceiling} (the ceiling until the first responses are seen). At the bound
 * the task stops reading until half of it is acknowledged. With small batches (the worker's defaults) the
 * floor holds (the task sets it to several polls' worth); with large compressed batches, tens of thousands.
 *
 * <p>It never waits for acknowledgements that cannot come while it waits: a wait lasts at most one slice, so
 * the reader looks again whether the task is stopping, and a slice in which not one record was acknowledged
 * lets the task read on until the next acknowledgement arrives; the worker's own bounds then apply, as without
 * this gate. (The worker's thread is not held meanwhile: it takes batches from the reader, or none, and
 * commits offsets and exactly-once transactions between polls.)
 *
 * <p>{@link #handedOver} and {@link #awaitRoom} run on the task's reader thread; {@link #acknowledged} once per
 * record, on the producer's I/O thread for sent records and possibly on the task thread for records the worker
 * drops. A wait at the bound is measured on the gate's clock (the task's), through {@link Time#waitObject}: with
 * a test's MockTime, a slice ends when the test moves the clock, not after a real half second.
 */
final class AcknowledgementGate {

    /** Acknowledgements further apart than this belong to different produce responses. */
    static final long BURST_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** How many produce requests' worth of records may wait. */
    static final int REQUESTS_AHEAD = 8;

    private final long burstGapNanos;
    private final Time time;
    private final int ceiling;
    private final int floor;
    private final AtomicInteger unacknowledged = new AtomicInteger();
    /** What a waiting reader waits on, and what the acknowledgement that makes room (or close) notifies. */
    private final Object roomOrClosed = new Object();
    /** The task waits for room; the acknowledgement that makes room clears it and wakes the task. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    /** The bound now; a waiting task goes on at half of it. */
    private volatile int bound;
    /** Set when a whole wait saw no acknowledgement; cleared by the next one. */
    private volatile boolean stalled;
    private volatile boolean closed;
    // what the reader spent at the bound, for the log when the task stops (reader thread only; read after it ended)
    private long waits;
    private long waitedNanos;
    private long stalls;

    // burst tracking, written only by the thread that acknowledges sent records (one per task)
    private long lastSentNanos;
    private int burst;
    private int burstEstimate;

    /**
     * @param ceiling most unacknowledged records whatever the bursts; 0 for no bound
     * @param floor fewest the bound allows (one poll's rows at least); capped by the ceiling
     */
    AcknowledgementGate(int ceiling, int floor) {
        this(ceiling, floor, BURST_GAP_NANOS, Time.SYSTEM);
    }

    /**
     * As {@link #AcknowledgementGate(int, int)}, with the gap that separates two responses' acknowledgements
     * and the clock that tells them apart.
     */
    AcknowledgementGate(int ceiling, int floor, long burstGapNanos, Time time) {
        this.burstGapNanos = burstGapNanos;
        this.time = time;
        this.ceiling = ceiling;
        this.floor = ceiling == 0 ? 0 : Math.min(Math.max(floor, 1), ceiling);
        // until the first responses show how many records a request carries, the ceiling holds: starting at the
        // floor cost large-batch settings a wait of up to a tenth of a second for the first acknowledgements
        bound = ceiling;
    }

    /** The task returned {@code records} records from a poll. */
    void handedOver(int records) {
        if (ceiling > 0 && records > 0) {
            unacknowledged.addAndGet(records);
        }
    }

    /**
     * The worker is done with one record.
     *
     * @param sent Kafka acknowledged it (called on the producer's I/O thread); false: the worker dropped it
     *     (a transform or converter, or a failed send with errors.tolerance=all)
     */
    void acknowledged(boolean sent) {
        if (ceiling == 0) {
            return;
        }
        if (sent) {
            trackBurst();
        }
        int left = unacknowledged.decrementAndGet();
        if (stalled) {
            stalled = false;
        }
        if (left <= resumeAt() && waiting.get() && waiting.compareAndSet(true, false)) {
            synchronized (roomOrClosed) {
                roomOrClosed.notifyAll();
            }
        }
    }

    private void trackBurst() {
        long now = time.nanoseconds();
        if (now - lastSentNanos > burstGapNanos && burst > 0) {
            // a new response: the last one carried `burst` records; forget old bursts slowly
            burstEstimate = Math.max(burst, burstEstimate - burstEstimate / 64);
            long wanted = (long) burstEstimate * REQUESTS_AHEAD;
            int next = (int) Math.max(floor, Math.min(ceiling, wanted));
            if (next != bound) {
                bound = next;
            }
            burst = 0;
        }
        burst++;
        lastSentNanos = now;
    }

    private int resumeAt() {
        return bound / 2;
    }

    /**
     * Whether the task may read more now. Below the bound: at once. At the bound: waits up to
     * {@code sliceMs} (on the gate's clock) for the count to fall to half the bound; answers false if it has
     * not, so the caller looks whether it is stopping and asks again. A slice without a single acknowledgement
     * answers true, and so does every call after it until an acknowledgement arrives.
     */
    boolean awaitRoom(long sliceMs) throws InterruptedException {
        if (ceiling == 0 || closed || stalled || unacknowledged.get() < bound) {
            return true;
        }
        long started = time.nanoseconds();
        long deadlineMs = time.milliseconds() + sliceMs;
        int before = unacknowledged.get();
        try {
            // the flag is set before each check: an acknowledgement after it sees the flag and notifies, which it can
            // do only once the waiter is waiting (it holds the monitor from the check to the wait)
            time.waitObject(roomOrClosed, () -> {
                waiting.set(true);
                return closed || unacknowledged.get() <= resumeAt();
            }, deadlineMs);
        } catch (TimeoutException endOfSlice) {
            // the slice ended at the bound; what happened in it decides below
        } finally {
            waiting.set(false);
        }
        waits++;
        waitedNanos += time.nanoseconds() - started;
        int after = unacknowledged.get();
        if (closed || after <= resumeAt()) {
            return true;
        }
        if (after >= before) {
            stalled = true; // nothing acknowledged in a whole slice: read on rather than wait on
            stalls++;
            return true;
        }
        return false;
    }

    /** For the task's log: how often and how long it waited at the bound, and the bound now. */
    String summary() {
        if (ceiling == 0) {
            return "no bound on unacknowledged records";
        }
        return String.format("waited for Kafka's acknowledgements %d time(s), %d ms in all; read on %d time(s) after "
                        + "half a second without one; bound now %d records (ceiling %d)", waits,
                TimeUnit.NANOSECONDS.toMillis(waitedNanos), stalls, bound, ceiling);
    }

    int unacknowledged() {
        return unacknowledged.get();
    }

    int bound() {
        return bound;
    }

    boolean isStalled() {
        return stalled;
    }

    /** Ends any wait; the task is stopping. */
    void close() {
        closed = true;
        synchronized (roomOrClosed) {
            roomOrClosed.notifyAll();
        }
    }
}
