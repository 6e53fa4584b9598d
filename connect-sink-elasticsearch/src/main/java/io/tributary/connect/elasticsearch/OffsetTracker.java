package io.tributary.connect.elasticsearch;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the records handed to put() in offset order, each
 * marked done once Elasticsearch acknowledged it (or it was skipped, or reported to the dead-letter
 * queue). The committable offset of a partition is that of its oldest record not done yet, so a commit
 * never runs ahead of what Elasticsearch holds, however bulks and retries complete out of order.
 */
final class OffsetTracker {

    /** One record's place in its partition. Completion is idempotent. */
    static final class Pending {
        private final long offset;
        private final ArrayDeque<Pending> queue;
        private boolean done;

        private Pending(long offset, ArrayDeque<Pending> queue) {
            this.offset = offset;
            this.queue = queue;
        }

        long offset() {
            return offset;
        }
    }

    private final Map<TopicPartition, ArrayDeque<Pending>> partitions = new HashMap<>();

    /** Registers a record put() received; offsets of one partition arrive in increasing order. */
    synchronized Pending track(TopicPartition partition, long offset) {
        ArrayDeque<Pending> queue = partitions.computeIfAbsent(partition, p -> new ArrayDeque<>());
        Pending pending = new Pending(offset, queue);
        queue.addLast(pending);
        return pending;
    }

    /**
     * Marks a record done and lets go of the done records at the head of its partition at once: the
     * tracker then holds about as many entries as records are outstanding (bounded by max.buffered.records),
     * not every record since the last commit.
     */
    synchronized void complete(Pending pending) {
        pending.done = true;
        ArrayDeque<Pending> queue = pending.queue;
        while (!queue.isEmpty() && queue.peekFirst().done) {
            queue.pollFirst();
        }
    }

    /**
     * For each partition of {@code current} (the offsets of what put() received): the offset after the
     * last record that is done with every record before it done too. Partitions with nothing outstanding
     * take their {@code current} offset.
     */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, OffsetAndMetadata> current) {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : current.entrySet()) {
            ArrayDeque<Pending> queue = partitions.get(entry.getKey());
            while (queue != null && !queue.isEmpty() && queue.peekFirst().done) {
                queue.pollFirst();
            }
            if (queue == null || queue.isEmpty()) {
                result.put(entry.getKey(), entry.getValue());
            } else {
                result.put(entry.getKey(), new OffsetAndMetadata(queue.peekFirst().offset));
            }
        }
        return result;
    }

    /** Records of partitions this task no longer owns are redelivered to their new owner. */
    synchronized void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** Entries held, done or not, over all partitions (for tests). */
    synchronized int tracked() {
        int count = 0;
        for (ArrayDeque<Pending> queue : partitions.values()) {
            count += queue.size();
        }
        return count;
    }

    /** Records not done yet, over all partitions (for tests and logs). */
    synchronized int outstanding() {
        int count = 0;
        for (ArrayDeque<Pending> queue : partitions.values()) {
            for (Pending pending : queue) {
                if (!pending.done) {
                    count++;
                }
            }
        }
        return count;
    }
}
