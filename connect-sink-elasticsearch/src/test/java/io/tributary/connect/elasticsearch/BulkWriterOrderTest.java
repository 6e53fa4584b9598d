package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.Endpoint;
import co.elastic.clients.transport.TransportOptions;
import io.tributary.connect.common.Backoff;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
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

    /** One bulk the writer sent: its writes, by label, and the answer it waits for. */
    private record Sent(List<String> writes, CompletableFuture<BulkResponse> answer) {
    }

    /** Records bulks instead of sending them; answers only what the test completes. */
    private final class HeldTransport implements ElasticsearchTransport {
        private final JsonpMapper mapper = new JacksonJsonpMapper();

        @Override
        @SuppressWarnings("unchecked")
        public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(
                RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
            if (!(request instanceof BulkRequest bulk)) {
                // the writer's question whether the cluster answers at all
                CompletableFuture<Object> answer = new CompletableFuture<>();
                synchronized (sent) {
                    probes.add(answer);
                    sent.notifyAll();
                }
                return (CompletableFuture<ResponseT>) answer;
            }
            List<String> writes = new ArrayList<>();
            for (BulkOperation operation : bulk.operations()) {
                writes.add(labels.get(operation));
            }
            CompletableFuture<BulkResponse> answer = new CompletableFuture<>();
            synchronized (sent) {
                sent.add(new Sent(writes, answer));
                sent.notifyAll();
            }
            return (CompletableFuture<ResponseT>) answer;
        }

        @Override
        public <RequestT, ResponseT, ErrorT> ResponseT performRequest(
                RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
            throw new UnsupportedOperationException("the writer only sends asynchronously");
        }

        @Override
        public JsonpMapper jsonpMapper() {
            return mapper;
        }

        @Override
        public TransportOptions options() {
            return null;
        }

        @Override
        public void close() {
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<CompletableFuture<Object>> probes = new ArrayList<>();
    private final Map<BulkOperation, String> labels = new IdentityHashMap<>();
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
        writer = new BulkWriter(new ElasticsearchAsyncClient(new HeldTransport()), settings, offsets, "order-test");
        return writer;
    }

    @AfterEach
    void closeWriter() {
        if (writer != null) {
            writer.close();
        }
    }

    /** A delete of document {@code id}, labelled {@code id + version} in what was sent. */
    private BulkItem write(String id, int version) {
        long offset = nextOffset++;
        SinkRecord record = new SinkRecord("orders", 0, Schema.STRING_SCHEMA, id, null, null, offset);
        BulkOperation operation = BulkOperation.of(op -> op.delete(d -> d.index("orders").id(id)));
        labels.put(operation, id + version);
        return new BulkItem(record, partition, operation, 64, false, offsets.track(partition, offset),
                "orders/" + id);
    }

    private Sent awaitSent(int index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (sent) {
            while (sent.size() <= index) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertTrue(left > 0, "bulk " + index + " was never sent; sent: " + sent);
                sent.wait(left);
            }
            return sent.get(index);
        }
    }

    private CompletableFuture<Object> awaitProbe(int index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (sent) {
            while (probes.size() <= index) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertTrue(left > 0, "the writer never asked whether the cluster answers");
                sent.wait(left);
            }
            return probes.get(index);
        }
    }

    /** What the client's I/O thread reports when no answer came within the socket timeout. */
    private static SocketTimeoutException readTimeout() {
        return new SocketTimeoutException("30,000 milliseconds timeout on connection http-outgoing-0 [ACTIVE]");
    }

    private List<List<String>> sentWrites() {
        synchronized (sent) {
            return sent.stream().map(Sent::writes).toList();
        }
    }

    private static BulkResponse answer(Sent bulk, int... statuses) {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            int status = statuses[i];
            String id = bulk.writes().get(i).substring(0, 1);
            items.add(BulkResponseItem.of(item -> {
                item.operationType(OperationType.Delete).index("orders").id(id).status(status);
                if (status == 429) {
                    item.error(ErrorCause.of(e -> e.type("es_rejected_execution_exception").reason("queue full")));
                }
                return item;
            }));
        }
        return BulkResponse.of(r -> r.errors(false).took(1).items(items));
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
