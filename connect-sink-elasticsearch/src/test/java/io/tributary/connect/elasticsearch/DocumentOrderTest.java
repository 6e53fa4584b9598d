package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DocumentOrderTest {

    private final OffsetTracker offsets = new OffsetTracker();
    private final DocumentOrder order = new DocumentOrder();
    private long nextOffset;

    private BulkItem write(String id) {
        long offset = nextOffset++;
        SinkRecord record = new SinkRecord("orders", 0, Schema.STRING_SCHEMA, id, null, null, offset);
        BulkOperation operation = BulkOperation.of(op -> op.delete(d -> d.index("orders").id(id)));
        TopicPartition partition = new TopicPartition("orders", 0);
        return new BulkItem(record, partition, operation, 64, false, offsets.track(partition, offset),
                id == null ? null : "orders/" + id);
    }

    @Test
    void holdsASecondWriteOfADocumentBackUntilTheFirstIsFinal() {
        BulkItem a1 = write("a");
        BulkItem b1 = write("b");
        BulkItem a2 = write("a");
        BulkItem a3 = write("a");

        assertEquals(List.of(a1, b1), order.admit(List.of(a1, b1, a2)));
        assertEquals(List.of(), order.admit(List.of(a3)));
        assertEquals(2, order.waiting());

        assertSame(a2, order.finished(a1));
        assertSame(a3, order.finished(a2));
        assertNull(order.finished(a3));
        assertNull(order.finished(b1));
        assertEquals(0, order.waiting());
        assertEquals(0, order.documentsOut());
    }

    @Test
    void keepsAWriteWaitingForARetryAheadOfALaterWriteOfItsDocument() {
        BulkItem a1 = write("a");
        BulkItem a2 = write("a");
        assertEquals(List.of(a1), order.admit(List.of(a1)));

        // a1 answered 429: it is re-queued without passing admit() again, and stays out until final
        assertEquals(List.of(), order.admit(List.of(a2)));
        assertEquals(1, order.documentsOut());

        assertSame(a2, order.finished(a1));
        assertNull(order.finished(a2));
        assertEquals(0, order.documentsOut());
    }

    @Test
    void letsWritesOfDifferentDocumentsGoTogether() {
        BulkItem a = write("a");
        BulkItem b = write("b");
        BulkItem c = write("c");

        assertEquals(List.of(a, b, c), order.admit(List.of(a, b, c)));
        assertEquals(0, order.waiting());
        assertEquals(3, order.documentsOut());
    }

    @Test
    void neverHoldsBackWritesWithIdsOfTheirOwn() {
        BulkItem first = write(null);
        BulkItem second = write(null);

        assertEquals(List.of(first, second), order.admit(List.of(first, second)));
        assertNull(order.finished(first));
        assertEquals(0, order.documentsOut());
    }
}
