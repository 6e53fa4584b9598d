package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** One record's write on its way through bulk requests, retries included. */
final class BulkItem {

    final SinkRecord record;
    /** The record's original topic partition, whose offsets this write completes. */
    final TopicPartition partition;
    final BulkOperation operation;
    /** Approximate bytes in the bulk body, for bulk.size.bytes. */
    final int sizeInBytes;
    /** A 409 answer means Elasticsearch already holds this write or a newer one: versioned writes, creates. */
    final boolean conflictMeansDone;
    final OffsetTracker.Pending offset;
    /**
     * The document written, {@code index/id}, for {@link DocumentOrder}; null when no other write can
     * target it (ids from topic, partition and offset).
     */
    final String documentKey;
    /** Retries so far after answers that count against max.retries. */
    int attempts;
    /** Bulks of this write that got no answer within read.timeout.ms. */
    int timeouts;
    /**
     * The cluster answered the probe after this write's last max.retries timeouts (with no outage since): one more
     * timeout and the write is too slow for the cluster.
     */
    boolean clusterAnswered;
    /** The assignment of its partition this write belongs to; a write of an earlier one is dropped. */
    int epoch;

    BulkItem(SinkRecord record, TopicPartition partition, BulkOperation operation, int sizeInBytes,
             boolean conflictMeansDone, OffsetTracker.Pending offset, String documentKey) {
        this.record = record;
        this.partition = partition;
        this.operation = operation;
        this.sizeInBytes = sizeInBytes;
        this.conflictMeansDone = conflictMeansDone;
        this.offset = offset;
        this.documentKey = documentKey;
    }

    /** Where the record came from, for messages; never its content. */
    String coordinates() {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }
}
