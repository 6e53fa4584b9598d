package io.tributary.connect.elasticsearch;

import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import io.tributary.connect.elasticsearch.FailureClassifier.RetryCause;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Meter;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.Percentiles.BucketSizing;
import org.apache.kafka.common.metrics.stats.WindowedCount;

/**
 * What an operator of the sink looks at first: documents written and how fast, how large and how slow the bulk
 * requests are, what is retried and why, what went to the dead-letter queue or was skipped, and what the task holds.
 * Every name is documented in docs/elasticsearch-sink.md ("Metrics").
 *
 * <p>Recorded once per bulk request, per bulk answer and per exceptional record (rejected, skipped, retried, stale);
 * an ordinary record costs nothing here. Sensors are thread-safe: the task thread, the client's I/O threads and the
 * writer's scheduler record into them.
 */
final class SinkTaskMetrics implements AutoCloseable {

    /** Latencies above this are counted in the histogram's last bucket; bulk-latency-max-ms still shows them. */
    static final double LATENCY_HISTOGRAM_MAX_MS = 60_000;
    /** 1,000 buckets of linearly growing width: about 1.5 ms wide at 10 ms, 5 ms at 100 ms, 15 ms at 1 s. */
    private static final int LATENCY_HISTOGRAM_BYTES = 4 * 1_000;

    /** What the task holds now, read by the gauges when the metrics are scraped. */
    interface Holdings {
        /** Records taken by put() and not final, minus those in a bulk request now. */
        int bufferedRecords();

        /** Records in bulk requests sent and not answered. */
        int inFlightRecords();

        /** Bulk requests sent and not answered. */
        int inFlightBulks();

        /**
         * Milliseconds since bulks stopped getting any answer, while the cluster does not answer at all (timeouts
         * count once a probe got no answer either); 0 otherwise.
         */
        long outageTimeMs();
    }

    private final PluginMetricsRegistry registry;
    private final Sensor documentsWritten;
    private final Sensor bulkDocuments;
    private final Sensor bulkBytes;
    private final Sensor bulkLatency;
    private final Sensor bulksThrottled;
    private final Map<RetryCause, Sensor> retries = new EnumMap<>(RetryCause.class);
    private final Sensor conflictsSkipped;
    private final Sensor staleDropped;
    private final Sensor deadLetters;
    private final Sensor malformedSkipped;
    private final Sensor tombstonesSkipped;

    SinkTaskMetrics(PluginMetricsRegistry registry) {
        this.registry = registry;
        documentsWritten = registry.sensor("documents-written");
        documentsWritten.add(new Meter(
                name("document-write-rate", "Documents Elasticsearch acknowledged as written or deleted, per second"),
                name("document-write-total", "Documents Elasticsearch acknowledged as written or deleted")));

        bulkDocuments = registry.sensor("bulk-documents");
        bulkDocuments.add(new Meter(new WindowedCount(),
                name("bulk-request-rate", "Bulk requests sent per second, retries included"),
                name("bulk-request-total", "Bulk requests sent, retries included")));
        bulkDocuments.add(name("bulk-documents-avg", "Average number of writes in a bulk request"), new Avg());
        bulkDocuments.add(name("bulk-documents-max", "Largest number of writes in a bulk request"), new Max());

        bulkBytes = registry.sensor("bulk-bytes");
        bulkBytes.add(name("bulk-size-avg-bytes", "Average size of a bulk request's body, before compression"),
                new Avg());
        bulkBytes.add(name("bulk-size-max-bytes", "Largest bulk request body, before compression"), new Max());

        bulkLatency = registry.sensor("bulk-latency");
        bulkLatency.add(name("bulk-latency-avg-ms", "Average time from sending a bulk request to its answer"),
                new Avg());
        bulkLatency.add(name("bulk-latency-max-ms", "Longest time from sending a bulk request to its answer"),
                new Max());
        bulkLatency.add(new Percentiles(LATENCY_HISTOGRAM_BYTES, LATENCY_HISTOGRAM_MAX_MS, BucketSizing.LINEAR,
                new Percentile(name("bulk-latency-p50-ms", "Median time from sending a bulk request to its answer"),
                        50),
                new Percentile(name("bulk-latency-p99-ms", "99th percentile of the time from sending a bulk "
                        + "request to its answer"), 99)));

        bulksThrottled = registry.sensor("bulks-throttled");
        bulksThrottled.add(name("bulk-throttled-total", "Bulk requests Elasticsearch answered with 429 Too Many "
                + "Requests, as a whole or for at least one write"), new CumulativeCount());

        for (RetryCause cause : RetryCause.values()) {
            Sensor sensor = registry.sensor("write-retries-" + cause.tag());
            Map<String, String> tags = Map.of("cause", cause.tag());
            sensor.add(new Meter(
                    registry.name("write-retry-rate", "Writes retried per second, by cause", tags),
                    registry.name("write-retry-total", "Writes retried, by cause", tags)));
            retries.put(cause, sensor);
        }

        conflictsSkipped = registry.sensor("version-conflicts-skipped");
        conflictsSkipped.add(name("version-conflict-skip-total", "Writes Elasticsearch refused with a version "
                + "conflict because it holds that write or a newer one already (external versions, creates)"),
                new CumulativeSum());
        staleDropped = registry.sensor("stale-writes-dropped");
        staleDropped.add(name("stale-write-drop-total", "Writes of partitions revoked while the task held them, "
                + "dropped instead of sent or retried; their new owner writes them again"), new CumulativeSum());

        deadLetters = registry.sensor("dead-letters");
        deadLetters.add(new Meter(
                name("dead-letter-record-rate", "Records reported to the dead-letter queue per second"),
                name("dead-letter-record-total", "Records reported to the dead-letter queue")));
        malformedSkipped = registry.sensor("malformed-skipped");
        malformedSkipped.add(name("malformed-record-skip-total", "Records skipped as malformed documents "
                + "(behavior.on.malformed.documents=warn or ignore)"), new CumulativeSum());
        tombstonesSkipped = registry.sensor("tombstones-skipped");
        tombstonesSkipped.add(name("tombstone-skip-total", "Records with a null value skipped "
                + "(behavior.on.null.values=ignore)"), new CumulativeSum());
    }

    /** Registers the gauges of what {@code holdings} holds; once, when the writer exists. */
    void watch(Holdings holdings) {
        gauge("buffered-records", "Records the task holds that are not in a bulk request now: batching, waiting for "
                + "a retry or for an earlier write of their document", holdings, h -> h.bufferedRecords());
        gauge("in-flight-records", "Records in bulk requests sent and not answered yet", holdings,
                h -> h.inFlightRecords());
        gauge("in-flight-bulks", "Bulk requests sent and not answered yet", holdings, h -> h.inFlightBulks());
        gauge("outage-time-ms", "Time since bulk requests stopped getting any answer, while they get none; 0 "
                + "while Elasticsearch answers", holdings, h -> h.outageTimeMs());
    }

    private void gauge(String metric, String description, Holdings holdings, ToDoubleFunction<Holdings> reading) {
        registry.add(name(metric, description), (Measurable) (config, now) -> reading.applyAsDouble(holdings));
    }

    private MetricName name(String metric, String description) {
        return registry.name(metric, description, Map.of());
    }

    /** A bulk request of {@code documents} writes and about {@code bytes} bytes went out. */
    void bulkSent(int documents, long bytes) {
        bulkDocuments.record(documents);
        bulkBytes.record(bytes);
    }

    /** A bulk request got an answer (of any status) {@code latencyMs} after it was sent. */
    void bulkAnswered(double latencyMs) {
        bulkLatency.record(latencyMs);
    }

    void bulkThrottled() {
        bulksThrottled.record();
    }

    void documentsWritten(int documents) {
        documentsWritten.record(documents);
    }

    void retried(RetryCause cause, int writes) {
        retries.get(cause).record(writes);
    }

    void conflictsSkipped(int writes) {
        conflictsSkipped.record(writes);
    }

    void staleDropped(int writes) {
        staleDropped.record(writes);
    }

    void deadLettered() {
        deadLetters.record();
    }

    void malformedSkipped() {
        malformedSkipped.record();
    }

    void tombstonesSkipped(int records) {
        tombstonesSkipped.record(records);
    }

    /** Removes every metric of the task (the worker does too, where it holds them). */
    @Override
    public void close() {
        registry.close();
    }
}
