package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.dialect.WriterSample;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The highest id that no transaction still in flight can undercut. Each poll adds a sample (time, highest
 * visible id); the watermark is the id of the newest sample taken before the oldest open transaction
 * began. While one transaction stays open the samples pile up, bounded, and the watermark stays put.
 */
final class IncrementingWatermark {

    private static final int MAX_SAMPLES = 10_000;

    private final Deque<WriterSample> samples = new ArrayDeque<>();

    /** Adds a sample and answers the watermark, or null when no id is safe yet. */
    Long advance(WriterSample sample) {
        if (sample.oldestInFlight() == null) {
            samples.clear();
            samples.addLast(sample);
            return sample.max();
        }
        samples.addLast(sample);
        if (samples.size() > MAX_SAMPLES) {
            samples.removeFirst(); // only makes the watermark lower: later rows wait longer, none is lost
        }
        WriterSample safe = null;
        for (WriterSample candidate : samples) {
            if (candidate.at().isBefore(sample.oldestInFlight())) {
                safe = candidate;
            }
        }
        if (safe == null) {
            return null;
        }
        while (samples.peekFirst() != safe) {
            samples.removeFirst();
        }
        return safe.max();
    }
}
