package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsOnlyUpToTheOldestRecordNotAcknowledged() {
        OffsetTracker.Pending r10 = tracker.track(P0, 10);
        OffsetTracker.Pending r11 = tracker.track(P0, 11);
        OffsetTracker.Pending r12 = tracker.track(P0, 12);
        Map<TopicPartition, OffsetAndMetadata> delivered = Map.of(P0, new OffsetAndMetadata(13));

        tracker.complete(r11);
        tracker.complete(r12);
        assertEquals(Map.of(P0, new OffsetAndMetadata(10)), tracker.committable(delivered));

        tracker.complete(r10);
        assertEquals(Map.of(P0, new OffsetAndMetadata(13)), tracker.committable(delivered));
    }

    @Test
    void partitionsAdvanceIndependently() {
        tracker.complete(tracker.track(P0, 5));
        tracker.track(P1, 7);

        assertEquals(Map.of(P0, new OffsetAndMetadata(6), P1, new OffsetAndMetadata(7)),
                tracker.committable(Map.of(P0, new OffsetAndMetadata(6), P1, new OffsetAndMetadata(8))));
        assertEquals(1, tracker.outstanding());
    }

    @Test
    void forgetsRevokedPartitionsAndIgnoresTheirLateAcknowledgements() {
        OffsetTracker.Pending late = tracker.track(P0, 3);
        tracker.forget(List.of(P0));
        tracker.complete(late);
        tracker.track(P0, 9);

        assertEquals(Map.of(P0, new OffsetAndMetadata(9)), tracker.committable(Map.of(P0, new OffsetAndMetadata(10))));
    }

    @Test
    void holdsNoEntryForRecordsDoneInOrderBetweenCommits() {
        for (long offset = 0; offset < 100_000; offset++) {
            tracker.complete(tracker.track(P0, offset));
        }

        assertEquals(0, tracker.tracked(), "done records are let go at once, not at the next preCommit");
        assertEquals(Map.of(P0, new OffsetAndMetadata(100_000)),
                tracker.committable(Map.of(P0, new OffsetAndMetadata(100_000))));
    }

    @Test
    void keepsTheDoneRecordsBehindAnOutstandingOneUntilItIsDone() {
        OffsetTracker.Pending first = tracker.track(P0, 0);
        for (long offset = 1; offset <= 10; offset++) {
            tracker.complete(tracker.track(P0, offset));
        }
        assertEquals(11, tracker.tracked());
        assertEquals(Map.of(P0, new OffsetAndMetadata(0)), tracker.committable(Map.of(P0, new OffsetAndMetadata(11))));

        tracker.complete(first);

        assertEquals(0, tracker.tracked());
        assertEquals(Map.of(P0, new OffsetAndMetadata(11)), tracker.committable(Map.of(P0, new OffsetAndMetadata(11))));
    }
}
