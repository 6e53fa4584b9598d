package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchReaderTest {

    private final BatchReader batches = new BatchReader();
    private final ExecutorService readerThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopThread() {
        readerThread.shutdownNow();
    }

    @Test
    void batchesAreTakenInTheOrderTheyWerePut() throws Exception {
        List<SourceRecord> first = batch(1);
        List<SourceRecord> second = batch(2);
        assertTrue(batches.put(first));
        assertTrue(batches.put(second));

        assertSame(first, batches.take(0));
        assertSame(second, batches.take(0));
    }

    @Test
    void aPutWaitsWhileTwoBatchesWaitAndGoesOnWhenOneIsTaken() throws Exception {
        batches.put(batch(1));
        batches.put(batch(2));
        List<SourceRecord> third = batch(3);
        Future<Boolean> put = readerThread.submit(() -> batches.put(third));

        assertThrows(TimeoutException.class, () -> put.get(200, TimeUnit.MILLISECONDS), "a third batch was queued");
        assertEquals(BatchReader.CAPACITY, batches.waiting());

        batches.take(0);
        assertTrue(put.get(5, TimeUnit.SECONDS));
        assertEquals(2, batches.waiting());
        batches.take(0);
        assertSame(third, batches.take(0));
    }

    @Test
    void aTakeWithNothingQueuedAnswersNullAfterItsTimeout() throws Exception {
        long started = System.nanoTime();
        assertNull(batches.take(200));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMs >= 150 && waitedMs < 5_000, "waited " + waitedMs + " ms");
    }

    @Test
    void aWaitingTakeGetsTheBatchPutMeanwhile() throws Exception {
        List<SourceRecord> batch = batch(1);
        readerThread.submit(() -> {
            Thread.sleep(100);
            return batches.put(batch);
        });

        long started = System.nanoTime();
        assertSame(batch, batches.take(10_000));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the put did not wake the take");
    }

    @Test
    void theReadersFailureComesAfterTheBatchesReadBeforeItWithItsOwnMessage() throws Exception {
        List<SourceRecord> first = batch(1);
        batches.put(first);
        ConnectException cause = new ConnectException("Reading table public.orders failed: permission denied");
        batches.fail(cause);

        assertSame(first, batches.take(0), "the batch read before the failure is delivered first");
        ConnectException thrown = assertThrows(ConnectException.class, () -> batches.take(0));
        assertSame(cause, thrown);
        assertSame(cause, assertThrows(ConnectException.class, () -> batches.take(0)), "and again at every take");
    }

    @Test
    void aFailureWakesAWaitingTake() throws Exception {
        IllegalStateException cause = new IllegalStateException("broken");
        readerThread.submit(() -> {
            Thread.sleep(100);
            batches.fail(cause);
            return null;
        });

        long started = System.nanoTime();
        assertSame(cause, assertThrows(IllegalStateException.class, () -> batches.take(10_000)));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the failure did not wake the take");
    }

    @Test
    void anErrorIsRethrownAsItIs() {
        AssertionError cause = new AssertionError("out of luck");
        batches.fail(cause);

        assertSame(cause, assertThrows(AssertionError.class, () -> batches.take(0)));
    }

    @Test
    void closeWakesABlockedPutWhichAnswersFalse() throws Exception {
        batches.put(batch(1));
        batches.put(batch(2));
        Future<Boolean> put = readerThread.submit(() -> batches.put(batch(3)));
        assertThrows(TimeoutException.class, () -> put.get(100, TimeUnit.MILLISECONDS));

        batches.close();

        assertFalse(put.get(5, TimeUnit.SECONDS));
        assertFalse(batches.put(batch(4)), "a put after close");
    }

    @Test
    void closeWakesABlockedTakeWhichAnswersNull() throws Exception {
        Future<List<SourceRecord>> take = readerThread.submit(() -> batches.take(60_000));
        assertThrows(TimeoutException.class, () -> take.get(100, TimeUnit.MILLISECONDS));

        long started = System.nanoTime();
        batches.close();

        assertNull(take.get(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
        assertNull(batches.take(0), "a take after close");
    }

    @Test
    void anInterruptEndsABlockedPut() throws Exception {
        batches.put(batch(1));
        batches.put(batch(2));
        Future<Boolean> put = readerThread.submit(() -> batches.put(batch(3)));
        assertThrows(TimeoutException.class, () -> put.get(100, TimeUnit.MILLISECONDS));

        readerThread.shutdownNow();

        assertTrue(readerThread.awaitTermination(5, TimeUnit.SECONDS), "the interrupt did not end the put");
        Exception failure = assertThrows(Exception.class, () -> put.get(0, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof InterruptedException, String.valueOf(failure.getCause()));
        assertEquals(2, batches.waiting());
    }

    private static List<SourceRecord> batch(int id) {
        return List.of(new SourceRecord(Map.of("table", "public.orders"), Map.of("incrementing", (long) id),
                "orders", null, null, null, null, id));
    }
}
