package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AcknowledgementGateTest {

    /** Long enough that a loop of acknowledgements is never split, short enough to wait out in a test. */
    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long SLICE_MS = 2_000;

    /** Tells produce responses apart in the tests of the bound: advanced by the test, never slept. */
    private final MockTime clock = new MockTime();
    private final ScheduledExecutorService producerThread = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopThread() {
        producerThread.shutdownNow();
    }

    @Test
    void belowTheBoundTheTaskReadsOnAtOnce() throws InterruptedException {
        AcknowledgementGate gate = fixedBound(2_000);
        gate.handedOver(1_999);

        long started = System.nanoTime();
        assertTrue(gate.awaitRoom(SLICE_MS));
        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(SLICE_MS / 2), "waited below the bound");
        assertEquals(1_999, gate.unacknowledged());
    }

    @Test
    void atTheBoundTheTaskWaitsUntilHalfIsAcknowledged() throws Exception {
        AcknowledgementGate gate = fixedBound(2_000);
        gate.handedOver(2_000);
        // 999 acknowledged leave 1,001: still above half; the 1,000th lets the task go on
        producerThread.schedule(() -> acknowledge(gate, 999, false), 50, TimeUnit.MILLISECONDS);
        producerThread.schedule(() -> acknowledge(gate, 1, false), 400, TimeUnit.MILLISECONDS);

        long started = System.nanoTime();
        assertTrue(gate.awaitRoom(SLICE_MS));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertTrue(waitedMs >= 350 && waitedMs < SLICE_MS, "waited " + waitedMs + " ms");
        assertEquals(1_000, gate.unacknowledged());
        assertFalse(gate.isStalled());
    }

    @Test
    void aSliceWithSomeButTooFewAcknowledgementsSendsTheTaskBackToTheWorker() throws Exception {
        AcknowledgementGate gate = fixedBound(2_000);
        gate.handedOver(2_000);
        producerThread.schedule(() -> acknowledge(gate, 10, true), 50, TimeUnit.MILLISECONDS);

        assertFalse(gate.awaitRoom(300));
        assertEquals(1_990, gate.unacknowledged());
        assertFalse(gate.isStalled());
        assertTrue(gate.summary().startsWith("waited for Kafka's acknowledgements 1 time(s), "), gate.summary());
        assertTrue(gate.summary().contains("read on 0 time(s)"), gate.summary());
    }

    @Test
    void aSliceWithNoAcknowledgementAtAllLetsTheTaskReadOnUntilTheNextOne() throws Exception {
        AcknowledgementGate gate = fixedBound(2_000);
        gate.handedOver(2_500);

        assertTrue(gate.awaitRoom(200), "no acknowledgement in a whole slice: read on");
        assertTrue(gate.isStalled());
        assertTrue(gate.summary().contains("read on 1 time(s)"), gate.summary());
        long started = System.nanoTime();
        assertTrue(gate.awaitRoom(SLICE_MS));
        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(100), "waited again while stalled");

        gate.acknowledged(true); // acknowledgements flow again: the bound holds again
        assertFalse(gate.isStalled());
        producerThread.schedule(() -> acknowledge(gate, 1, true), 50, TimeUnit.MILLISECONDS);
        assertFalse(gate.awaitRoom(300));
    }

    @Test
    void closingEndsAWait() throws Exception {
        AcknowledgementGate gate = fixedBound(2_000);
        gate.handedOver(2_000);
        producerThread.schedule(gate::close, 100, TimeUnit.MILLISECONDS);

        long started = System.nanoTime();
        assertTrue(gate.awaitRoom(10_000));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "close did not end the wait");
    }

    @Test
    void aSliceIsMeasuredOnTheGatesClock() throws Exception {
        AcknowledgementGate gate = new AcknowledgementGate(2_000, 2_000, GAP_NANOS, clock);
        gate.handedOver(2_000);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.awaitRoom(500);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, producerThread);

        Thread.sleep(800); // longer than the slice in real time: the gate's clock has not moved
        assertFalse(waiting.isDone(), "the slice ended on the real clock");
        clock.sleep(500);

        assertTrue(waiting.get(5, TimeUnit.SECONDS), "a whole slice without an acknowledgement: read on");
        assertTrue(gate.isStalled());
    }

    @Test
    void anInterruptEndsAWaitAtTheBound() throws Exception {
        AcknowledgementGate gate = fixedBound(2_000);
        gate.handedOver(2_000);
        Thread waiter = Thread.currentThread();
        producerThread.schedule(waiter::interrupt, 100, TimeUnit.MILLISECONDS);

        long started = System.nanoTime();
        assertThrows(InterruptedException.class, () -> gate.awaitRoom(10_000));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the interrupt did not end the wait");
    }

    @Test
    void ceilingZeroNeverWaits() throws InterruptedException {
        AcknowledgementGate gate = new AcknowledgementGate(0, 2_000, GAP_NANOS, Time.SYSTEM);
        gate.handedOver(1_000_000);

        assertTrue(gate.awaitRoom(SLICE_MS));
        assertEquals(0, gate.unacknowledged(), "an unbounded gate counts nothing");
    }

    @Test
    void theBoundFollowsTheRecordsOneResponseAcknowledgesWithinFloorAndCeiling() throws Exception {
        AcknowledgementGate gate = new AcknowledgementGate(50_000, 2_000, GAP_NANOS, clock);
        gate.handedOver(100_000);
        assertEquals(50_000, gate.bound(), "the ceiling until responses are seen");

        respond(gate, 3_000);
        respond(gate, 1); // the burst of 3,000 ends when the next response begins
        assertEquals(24_000, gate.bound(), "eight responses' worth of 3,000 records");

        respond(gate, 20_000);
        respond(gate, 1);
        assertEquals(50_000, gate.bound(), "capped by the ceiling");
    }

    @Test
    void smallResponsesKeepTheFloorAndOldLargeOnesAreForgottenSlowly() throws Exception {
        AcknowledgementGate gate = new AcknowledgementGate(50_000, 2_000, GAP_NANOS, clock);
        gate.handedOver(100_000);
        for (int response = 0; response < 5; response++) {
            respond(gate, 54);
        }
        assertEquals(2_000, gate.bound(), "8 x 54 is below the floor");

        respond(gate, 3_200);
        respond(gate, 54); // closes the large one: 8 x 3,200
        assertEquals(25_600, gate.bound());
        respond(gate, 54); // one small response later: 8 x (3,200 - 3,200 / 64)
        assertEquals(25_200, gate.bound());
    }

    @Test
    void droppedRecordsCountButAreNotResponses() throws Exception {
        AcknowledgementGate gate = new AcknowledgementGate(50_000, 2_000, GAP_NANOS, clock);
        gate.handedOver(10_000);
        acknowledge(gate, 5_000, false);
        clock.sleep(TimeUnit.NANOSECONDS.toMillis(GAP_NANOS) * 2);
        acknowledge(gate, 1, false);

        assertEquals(4_999, gate.unacknowledged());
        assertEquals(50_000, gate.bound(), "records the worker dropped are no produce response");
    }

    @Test
    void aTaskWaitingAtTheBoundIsWokenByTheAcknowledgementThatMakesRoom() throws Exception {
        AcknowledgementGate gate = fixedBound(2_000);
        for (int round = 0; round < 200; round++) {
            gate.handedOver(2_000 - gate.unacknowledged());
            CompletableFuture<Void> acks = CompletableFuture.runAsync(() -> acknowledge(gate, 1_000, true),
                    producerThread);
            long started = System.nanoTime();
            assertTrue(gate.awaitRoom(SLICE_MS), "round " + round);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waitedMs < SLICE_MS / 2,
                    "round " + round + ": woken only by the end of the slice, " + waitedMs + " ms");
            acks.get(5, TimeUnit.SECONDS);
            assertEquals(1_000, gate.unacknowledged());
        }
    }

    /** A gate whose bound cannot move: floor and ceiling alike. */
    private static AcknowledgementGate fixedBound(int records) {
        return new AcknowledgementGate(records, records, GAP_NANOS, Time.SYSTEM);
    }

    /** One produce response: its records acknowledged back to back, then a pause longer than the gap. */
    private void respond(AcknowledgementGate gate, int records) {
        acknowledge(gate, records, true);
        clock.sleep(TimeUnit.NANOSECONDS.toMillis(GAP_NANOS) * 2);
    }

    private static void acknowledge(AcknowledgementGate gate, int records, boolean sent) {
        for (int i = 0; i < records; i++) {
            gate.acknowledged(sent);
        }
    }
}
