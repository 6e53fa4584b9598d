package io.tributary.connect.elasticsearch;

import static io.tributary.connect.elasticsearch.HeldBulkTransport.answer;
import static io.tributary.connect.elasticsearch.HeldBulkTransport.readTimeout;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.tributary.connect.common.Backoff;
import io.tributary.connect.elasticsearch.HeldBulkTransport.Sent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's per-document order against a transport that holds every bulk until the test answers it,
 * so which writes are in flight together, and what a retry does, is decided here and not by timing.
 */
class BulkWriterOrderTest {

    private final HeldBulkTransport transport = new HeldBulkTransport();
    private final TaskMetricsReader metrics = new TaskMetricsReader(Time.SYSTEM);
    private final OffsetTracker offsets = new OffsetTracker();
    private final TopicPartition partition = new TopicPartition("orders", 0);
    private BulkWriter writer;
    private long nextOffset;

    private BulkWriter writer(int batchSize, int maxInFlight) {
        return writer(batchSize, maxInFlight, 5);
    }

    private BulkWriter writer(int batchSize, int maxInFlight, int maxRetries) {
        BulkWriter.Settings settings = new BulkWriter.Settings(batchSize, 5L * 1024 * 1024, 0, maxInFlight, 1_000,
                maxRetries, new Backoff(1, 1), 30_000);
        writer = new BulkWriter(new ElasticsearchAsyncClient(transport), settings, offsets, metrics.metrics(),
                "order-test");
        return writer;
    }

    @AfterEach
    void closeWriter() {
        if (writer != null) {
            writer.close();
        }
        metrics.close();
    }

    /** A delete of document {@code id}, labelled {@code id + version} in what was sent. */
    private BulkItem write(String id, int version) {
        long offset = nextOffset++;
        SinkRecord record = new SinkRecord("orders", 0, Schema.STRING_SCHEMA, id, null, null, offset);
        BulkOperation operation = BulkOperation.of(op -> op.delete(d -> d.index("orders").id(id)));
        transport.label(operation, id + version);
        return new BulkItem(record, partition, operation, 64, false, offsets.track(partition, offset),
                "orders/" + id);
    }

    private Sent awaitSent(int index) throws InterruptedException {
        return transport.awaitSent(index);
    }

    private CompletableFuture<Object> awaitProbe(int index) throws InterruptedException {
        return transport.awaitProbe(index);
    }

    private List<List<String>> sentWrites() {
        return transport.sentWrites();
    }

    @Test
    void neverHasTwoWritesOfOneDocumentInFlightTogether() throws InterruptedException {
        BulkWriter writer = writer(2, 4);
        writer.add(write("a", 1));
        writer.add(write("b", 1));
        writer.add(write("a", 2));
        writer.add(write("c", 1));

        assertEquals(List.of(List.of("a1", "b1"), List.of("c1")), sentWrites());

        awaitSent(0).answer().complete(answer(awaitSent(0), 200, 200));
        assertEquals(List.of("a2"), awaitSent(2).writes());
        awaitSent(1).answer().complete(answer(awaitSent(1), 200));
        awaitSent(2).answer().complete(answer(awaitSent(2), 200));

        assertEquals(0, writer.pending());
        assertEquals(3, sentWrites().size());
        assertEquals(0, offsets.outstanding());
    }

    @Test
    void appliesARetriedWriteBeforeALaterWriteOfItsDocument() throws InterruptedException {
        BulkWriter writer = writer(1, 4);
        writer.add(write("a", 1));
        writer.add(write("a", 2));
        writer.add(write("b", 1));
        assertEquals(List.of(List.of("a1"), List.of("b1")), sentWrites());

        awaitSent(0).answer().complete(answer(awaitSent(0), 429));
        assertEquals(List.of("a1"), awaitSent(2).writes(), "the retry goes out, not the later write");
        assertEquals(3, sentWrites().size());

        awaitSent(2).answer().complete(answer(awaitSent(2), 200));
        assertEquals(List.of("a2"), awaitSent(3).writes());
        awaitSent(3).answer().complete(answer(awaitSent(3), 200));
        awaitSent(1).answer().complete(answer(awaitSent(1), 200));

        // the retry was sent from the scheduler thread, which also handles its answer: wait for it
        assertTrue(writer.awaitIdle(10_000, (item, reason) -> { }));
        assertEquals(List.of(List.of("a1"), List.of("b1"), List.of("a1"), List.of("a2")), sentWrites());
    }

    @Test
    void sendsWritesOfDifferentDocumentsInParallel() {
        BulkWriter writer = writer(1, 3);
        writer.add(write("a", 1));
        writer.add(write("b", 1));
        writer.add(write("c", 1));
        writer.add(write("d", 1));

        assertEquals(List.of(List.of("a1"), List.of("b1"), List.of("c1")), sentWrites(),
                "three in flight at once, the fourth waits for max.in.flight.requests only");
        assertEquals(4, writer.pending());
    }

    @Test
    void countsWritesHeldBackForTheirDocumentAsBuffered() {
        BulkWriter writer = writer(1, 4);
        writer.add(write("a", 1));
        writer.add(write("a", 2));
        writer.add(write("a", 3));

        assertEquals(List.of(List.of("a1")), sentWrites());
        assertEquals(3, writer.pending());
        assertEquals(3, offsets.outstanding());
    }

    @Test
    void aBulkThatEndsAfterANormalStopIsNoFailure() throws InterruptedException {
        BulkWriter writer = writer(1, 2);
        writer.add(write("a", 1));
        writer.add(write("b", 1));
        Sent first = awaitSent(0);
        Sent second = awaitSent(1);

        writer.close();
        first.answer().completeExceptionally(new java.io.IOException("Connection closed"));
        second.answer().complete(answer(second, 429));

        assertDoesNotThrow(writer::throwIfFailed, "a stop with bulks in flight is not a task failure");
        assertEquals(2, sentWrites().size(), "nothing is retried after the stop");
    }

    @Test
    void aBulkThatNeverAnswersInTimeWhileTheClusterAnswersFailsTheTaskOnceRetriesAreSpent()
            throws InterruptedException {
        BulkWriter writer = writer(10, 1, 2);
        writer.add(write("a", 1));
        writer.add(write("b", 1));
        writer.sendOpen();

        for (int i = 0; i < 3; i++) {
            awaitSent(i).answer().completeExceptionally(readTimeout());
        }
        // what the answer says does not matter, only that it came
        awaitProbe(0).complete("cluster info");
        assertDoesNotThrow(writer::throwIfFailed, "its connection may have died: the bulk gets one more try");
        awaitSent(3).answer().completeExceptionally(readTimeout());
        awaitProbe(1).complete("cluster info");

        ConnectException failure = awaitFailure(writer);
        assertEquals("Elasticsearch answers, but not a bulk of 2 writes (128 bytes) within read.timeout.ms (30000 ms), "
                + "4 times in a row (SocketTimeoutException: 30,000 milliseconds timeout on connection "
                + "http-outgoing-0 [ACTIVE]): raise read.timeout.ms, lower batch.size or bulk.size.bytes, or look for "
                + "what slows the cluster's writes (red indices, unassigned shards, hot nodes)", failure.getMessage());
        assertEquals(4, sentWrites().size(), "sent once, retried max.retries times and once after the probe");
    }

    @Test
    void aBulkThatTimedOutOnADeadConnectionIsSentOnceMoreWhenTheClusterAnswersAndThenLands()
            throws InterruptedException {
        BulkWriter writer = writer(10, 1, 2);
        writer.add(write("a", 1));
        writer.sendOpen();

        // a black hole: the bulk's connections stay silent; it heals just before the probe goes out
        for (int i = 0; i < 3; i++) {
            awaitSent(i).answer().completeExceptionally(readTimeout());
        }
        awaitProbe(0).complete("cluster info");

        assertEquals(List.of("a1"), awaitSent(3).writes(), "sent once more, on whatever connection is there now");
        awaitSent(3).answer().complete(answer(awaitSent(3), 200));
        assertTrue(writer.awaitIdle(10_000, (item, reason) -> { }));
        assertDoesNotThrow(writer::throwIfFailed);
        assertEquals(0, offsets.outstanding());
    }

    @Test
    void anOutageBetweenTwoAnsweredProbesDoesNotCountTowardsTooSlow() throws InterruptedException {
        BulkWriter writer = writer(10, 1, 0);
        writer.add(write("a", 1));
        writer.sendOpen();

        awaitSent(0).answer().completeExceptionally(readTimeout());
        awaitProbe(0).complete("cluster info");
        awaitSent(1).answer().completeExceptionally(readTimeout());
        awaitProbe(1).completeExceptionally(readTimeout()); // nothing answers: an outage
        awaitSent(2).answer().completeExceptionally(readTimeout());
        awaitProbe(2).complete("cluster info"); // back, on a new connection

        assertEquals(List.of("a1"), awaitSent(3).writes(), "one more try: the earlier answer predates the outage");
        assertDoesNotThrow(writer::throwIfFailed);
        awaitSent(3).answer().complete(answer(awaitSent(3), 200));
        assertTrue(writer.awaitIdle(10_000, (item, reason) -> { }));
        assertEquals(0, offsets.outstanding());
    }

    @Test
    void aBulkThatNeverAnswersInTimeWhileNothingAnswersIsRetriedLikeAnOutage() throws InterruptedException {
        BulkWriter writer = writer(10, 1, 1);
        writer.add(write("a", 1));
        writer.sendOpen();

        awaitSent(0).answer().completeExceptionally(readTimeout());
        awaitSent(1).answer().completeExceptionally(readTimeout());
        awaitProbe(0).completeExceptionally(new java.net.ConnectException("Connection refused"));

        assertEquals(List.of("a1"), awaitSent(2).writes(), "retried without limit, as in an outage");
        assertDoesNotThrow(writer::throwIfFailed);
        awaitSent(2).answer().completeExceptionally(readTimeout());
        awaitProbe(1).completeExceptionally(readTimeout());
        assertEquals(List.of("a1"), awaitSent(3).writes());
        awaitSent(3).answer().complete(answer(awaitSent(3), 200));
        assertTrue(writer.awaitIdle(10_000, (item, reason) -> { }));
        assertEquals(0, offsets.outstanding());
    }

    @Test
    void dropsTheWritesOfARevokedPartitionInsteadOfRetryingThem() throws InterruptedException {
        BulkWriter writer = writer(1, 1);
        writer.add(write("a", 1));
        writer.add(write("b", 1));
        assertEquals(List.of(List.of("a1")), sentWrites(), "b1 waits for max.in.flight.requests");

        assertFalse(writer.revoke(List.of(partition), 0, (item, reason) -> { }),
                "a1 is still in flight");
        awaitSent(0).answer().complete(answer(awaitSent(0), 429));

        assertTrue(writer.awaitIdle(10_000, (item, reason) -> { }), "nothing of the revoked partition is held");
        assertEquals(List.of(List.of("a1")), sentWrites(), "neither the retry of a1 nor b1 went out");
        assertEquals(0, writer.pending());
    }

    @Test
    void writesOfAPartitionAssignedAgainGoOutAfterTheStaleWriteOfTheirDocumentEnds() throws InterruptedException {
        BulkWriter writer = writer(1, 2);
        writer.add(write("a", 1));
        awaitSent(0);
        writer.revoke(List.of(partition), 0, (item, reason) -> { });
        writer.add(write("a", 2));

        assertEquals(1, sentWrites().size(), "a2 waits while the stale a1 is in flight, so a1 cannot land after it");
        awaitSent(0).answer().complete(answer(awaitSent(0), 429));
        assertEquals(List.of("a2"), awaitSent(1).writes(), "a write of the new assignment goes out; a1 is not retried");
        awaitSent(1).answer().complete(answer(awaitSent(1), 200));
        assertTrue(writer.awaitIdle(10_000, (item, reason) -> { }));
        assertEquals(2, sentWrites().size());
    }

    @Test
    void revokingWaitsForTheBulksInFlightThatHoldItsWrites() throws InterruptedException {
        BulkWriter writer = writer(1, 1);
        writer.add(write("a", 1));
        Sent first = awaitSent(0);
        Thread answerer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.answer().complete(answer(first, 200));
        });
        answerer.start();

        assertTrue(writer.revoke(List.of(partition), 10_000, (item, reason) -> { }),
                "revoke returns once the bulk holding a1 is answered");
        answerer.join();
        assertEquals(0, writer.pending());
    }

    private static ConnectException awaitFailure(BulkWriter writer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                writer.throwIfFailed();
            } catch (ConnectException e) {
                return e;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the writer did not fail");
    }
}
