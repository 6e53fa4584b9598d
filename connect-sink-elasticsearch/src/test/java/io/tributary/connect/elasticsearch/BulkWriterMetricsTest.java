package io.tributary.connect.elasticsearch;

import static io.tributary.connect.elasticsearch.HeldBulkTransport.answer;
import static io.tributary.connect.elasticsearch.HeldBulkTransport.readTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.tributary.connect.common.Backoff;
import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import io.tributary.connect.elasticsearch.HeldBulkTransport.Sent;
import java.net.ConnectException;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics the writer records, against a transport that answers only what the test completes and a clock the
 * test moves, so every count and time is exact.
 */
class BulkWriterMetricsTest {

    private final MockTime time = new MockTime(0, 1_000_000, 0);
    private final HeldBulkTransport transport = new HeldBulkTransport();
    private final TaskMetricsReader metrics = new TaskMetricsReader(time);
    private final OffsetTracker offsets = new OffsetTracker();
    private final TopicPartition partition = new TopicPartition("orders", 0);
    private BulkWriter writer;
    private long nextOffset;

    private BulkWriter writer(int batchSize, int maxInFlight) {
        BulkWriter.Settings settings = new BulkWriter.Settings(batchSize, 5L * 1024 * 1024, 0, maxInFlight, 1_000,
                5, new Backoff(1, 1), 30_000);
        writer = new BulkWriter(new ElasticsearchAsyncClient(transport), settings, offsets, metrics.metrics(),
                "metrics-test", time);
        metrics.metrics().watch(writer);
        return writer;
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
        metrics.close();
    }

    /** A delete of document {@code id} of 64 bytes, labelled {@code id}; a 409 means done if so marked. */
    private BulkItem write(String id, boolean conflictMeansDone) {
        long offset = nextOffset++;
        SinkRecord record = new SinkRecord("orders", 0, Schema.STRING_SCHEMA, id, null, null, offset);
        BulkOperation operation = BulkOperation.of(op -> op.delete(d -> d.index("orders").id(id)));
        transport.label(operation, id);
        return new BulkItem(record, partition, operation, 64, conflictMeansDone, offsets.track(partition, offset),
                "orders/" + id);
    }

    private BulkItem write(String id) {
        return write(id, false);
    }

    private void awaitIdle() throws InterruptedException {
        assertTrue(writer.awaitIdle(10_000, (item, reason) -> { }));
    }

    @Test
    void countsAcknowledgedWritesAndTheSizeOfEachBulk() throws InterruptedException {
        BulkWriter writer = writer(3, 1);
        writer.add(write("a"));
        writer.add(write("b"));
        writer.add(write("c"));
        writer.add(write("d"));
        writer.sendOpen();
        Sent first = transport.awaitSent(0);
        first.answer().complete(answer(first, 200, 200, 200));
        Sent second = transport.awaitSent(1);
        second.answer().complete(answer(second, 200));
        awaitIdle();

        assertEquals(4.0, metrics.value("document-write-total"));
        assertEquals(2.0, metrics.value("bulk-request-total"));
        assertEquals(3.0, metrics.value("bulk-documents-max"));
        assertEquals(2.0, metrics.value("bulk-documents-avg"));
        assertEquals(3 * 64.0, metrics.value("bulk-size-max-bytes"));
        assertEquals(2 * 64.0, metrics.value("bulk-size-avg-bytes"));
    }

    @Test
    void measuresEachBulkFromSendingToItsAnswer() throws InterruptedException {
        BulkWriter writer = writer(1, 3);
        writer.add(write("a"));
        writer.add(write("b"));
        writer.add(write("c"));
        time.sleep(40);
        transport.awaitSent(0).answer().complete(answer(transport.awaitSent(0), 200));
        transport.awaitSent(1).answer().complete(answer(transport.awaitSent(1), 200));
        time.sleep(960);
        transport.awaitSent(2).answer().complete(answer(transport.awaitSent(2), 200));

        assertEquals(1_000.0, metrics.value("bulk-latency-max-ms"));
        assertEquals(360.0, metrics.value("bulk-latency-avg-ms"));
        assertEquals(40.0, metrics.value("bulk-latency-p50-ms"), 5.0, "within a bucket of the histogram");
        assertEquals(1_000.0, metrics.value("bulk-latency-p99-ms"), 20.0, "within a bucket of the histogram");
    }

    @Test
    void countsRetriedWritesByCauseAndThrottledBulks() throws InterruptedException {
        BulkWriter writer = writer(3, 1);
        writer.add(write("a"));
        writer.add(write("b"));
        writer.add(write("c"));
        Sent first = transport.awaitSent(0);
        first.answer().complete(answer(first, 429, 503, 200));
        Sent retry = transport.awaitSent(1);
        assertEquals(List.of("a", "b"), retry.writes());
        retry.answer().complete(answer(retry, 429, 200));
        Sent last = transport.awaitSent(2);
        last.answer().complete(answer(last, 200));
        awaitIdle();

        assertEquals(2.0, metrics.value("write-retry-total", "cause", "throttled"));
        assertEquals(1.0, metrics.value("write-retry-total", "cause", "server-error"));
        assertEquals(0.0, metrics.value("write-retry-total", "cause", "timeout"));
        assertEquals(2.0, metrics.value("bulk-throttled-total"), "two bulks had a 429 in their answer");
        assertEquals(3.0, metrics.value("document-write-total"));
        assertEquals(3.0, metrics.value("bulk-request-total"), "retries are bulk requests too");
    }

    @Test
    void countsABulkWithoutAnAnswerAsATimeoutOrAnUnreachableClusterAndNoLatency() throws InterruptedException {
        BulkWriter writer = writer(2, 1);
        writer.add(write("a"));
        writer.add(write("b"));
        transport.awaitSent(0).answer().completeExceptionally(readTimeout());
        transport.awaitSent(1).answer().completeExceptionally(new ConnectException("Connection refused"));
        transport.awaitSent(2).answer().complete(answer(transport.awaitSent(2), 200, 200));
        awaitIdle();

        assertEquals(2.0, metrics.value("write-retry-total", "cause", "timeout"));
        assertEquals(2.0, metrics.value("write-retry-total", "cause", "unreachable"));
        assertEquals(0.0, metrics.value("bulk-throttled-total"));
        assertEquals(0.0, metrics.value("bulk-latency-max-ms"), "only the answered bulk, answered at once");
    }

    @Test
    void outageTimeGrowsWhileNothingAnswersAndIsZeroOnceSomethingDoes() throws InterruptedException {
        BulkWriter writer = writer(1, 1);
        writer.add(write("a"));
        assertEquals(0.0, metrics.value("outage-time-ms"));

        transport.awaitSent(0).answer().completeExceptionally(new ConnectException("Connection refused"));
        time.sleep(7_000);
        assertEquals(7_000.0, metrics.value("outage-time-ms"));
        transport.awaitSent(1).answer().completeExceptionally(new ConnectException("Connection refused"));
        time.sleep(5_000);
        assertEquals(12_000.0, metrics.value("outage-time-ms"), "since the first bulk without an answer");

        transport.awaitSent(2).answer().complete(answer(transport.awaitSent(2), 200));
        awaitIdle();
        assertEquals(0.0, metrics.value("outage-time-ms"));
    }

    @Test
    void countsExpectedVersionConflictsApartFromWrittenDocuments() throws InterruptedException {
        BulkWriter writer = writer(2, 1);
        writer.add(write("a", true));
        writer.add(write("b", true));
        Sent bulk = transport.awaitSent(0);
        bulk.answer().complete(answer(bulk, 409, 200));
        awaitIdle();

        assertEquals(1.0, metrics.value("version-conflict-skip-total"));
        assertEquals(1.0, metrics.value("document-write-total"));
        assertEquals(0.0, metrics.value("write-retry-total", "cause", "conflict"));
    }

    @Test
    void countsAnUnexpectedVersionConflictAsARetry() throws InterruptedException {
        BulkWriter writer = writer(1, 1);
        writer.add(write("a", false));
        transport.awaitSent(0).answer().complete(answer(transport.awaitSent(0), 409));
        transport.awaitSent(1).answer().complete(answer(transport.awaitSent(1), 200));
        awaitIdle();

        assertEquals(1.0, metrics.value("write-retry-total", "cause", "conflict"));
        assertEquals(0.0, metrics.value("version-conflict-skip-total"));
    }

    @Test
    void countsWritesOfARevokedPartitionAsDroppedWhetherWaitingOrInFlight() throws InterruptedException {
        BulkWriter writer = writer(1, 1);
        writer.add(write("a"));
        writer.add(write("b"));
        writer.add(write("c"));

        assertFalse(writer.revoke(List.of(partition), 0, (item, reason) -> { }), "a is still in flight");
        assertEquals(2.0, metrics.value("stale-write-drop-total"), "b and c waited to be sent");
        transport.awaitSent(0).answer().complete(answer(transport.awaitSent(0), 429));
        awaitIdle();

        assertEquals(3.0, metrics.value("stale-write-drop-total"), "a's answer came after the revocation");
        assertEquals(0.0, metrics.value("write-retry-total", "cause", "throttled"), "a is not retried");
        assertEquals(List.of(List.of("a")), transport.sentWrites());
    }

    @Test
    void gaugesShowWhatIsBufferedAndWhatIsInFlight() throws InterruptedException {
        BulkWriter writer = writer(2, 1);
        writer.add(write("a"));
        writer.add(write("b"));
        writer.add(write("c"));
        writer.add(write("d"));
        writer.add(write("e"));

        assertEquals(3.0, metrics.value("buffered-records"), "c, d in a ready bulk, e in the open one");
        assertEquals(2.0, metrics.value("in-flight-records"));
        assertEquals(1.0, metrics.value("in-flight-bulks"));

        transport.awaitSent(0).answer().complete(answer(transport.awaitSent(0), 200, 200));
        assertEquals(List.of("c", "d"), transport.awaitSent(1).writes());
        assertEquals(1.0, metrics.value("buffered-records"));
        assertEquals(2.0, metrics.value("in-flight-records"));

        transport.awaitSent(1).answer().complete(answer(transport.awaitSent(1), 200, 200));
        writer.sendOpen();
        transport.awaitSent(2).answer().complete(answer(transport.awaitSent(2), 200));
        awaitIdle();
        assertEquals(0.0, metrics.value("buffered-records"));
        assertEquals(0.0, metrics.value("in-flight-records"));
        assertEquals(0.0, metrics.value("in-flight-bulks"));
    }

    @Test
    void closingTheMetricsRemovesEveryOneOfThem() {
        writer(1, 1);
        long registered = metrics.all().keySet().stream()
                .filter(name -> name.group().equals(PluginMetricsRegistry.GROUP)).count();
        assertEquals(35, registered, "names: " + metrics.all().keySet());

        metrics.metrics().close();
        assertEquals(List.of(), metrics.all().keySet().stream()
                .filter(name -> name.group().equals(PluginMetricsRegistry.GROUP)).toList());
    }
}
