package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.PluginMetricsRegistry;
import io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.MalformedDocumentBehavior;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns records into bulk writes and commits only what Elasticsearch acknowledged. put() converts and
 * queues (blocking when max.buffered.records are outstanding); bulks complete in the background;
 * preCommit() reports, per partition, the offset below which every record is done.
 */
public final class ElasticsearchSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkTask.class);
    /** Longest wait in close(partitions) for bulks in flight that hold writes of the revoked partitions. */
    private static final long REVOKE_WAIT_MS = 4_000;

    private ElasticsearchSinkConfig config;
    private ElasticsearchConnection connection;
    private OffsetTracker offsets;
    private BulkWriter writer;
    private BulkOperationFactory operations;
    private IndexCreator indexCreator;
    private MalformedDocumentBehavior malformed;
    private ErrantRecordReporter reporter;
    private SinkTaskMetrics metrics;
    private final BulkWriter.RejectionHandler rejections = (item, reason) ->
            handleMalformed(item.record, "Elasticsearch rejected the document: " + reason);

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ElasticsearchSinkConfig(props);
        String threads = "tributary-es-" + props.getOrDefault("name", "sink");
        malformed = config.malformedDocumentBehavior();
        if (malformed == MalformedDocumentBehavior.DLQ) {
            reporter = errantRecordReporter();
            if (reporter == null) {
                throw new ConnectException("behavior.on.malformed.documents=dlq, but the worker gives this task no "
                        + "dead-letter queue; set errors.tolerance=all and errors.deadletterqueue.topic.name");
            }
        }
        connection = ElasticsearchConnection.open(config, threads + "-io", config.maxInFlightRequests() + 2);
        try {
            ClusterCheck.Cluster cluster = ClusterCheck.check(connection.client(), config);
            LOG.info("Elasticsearch {} is {}", cluster.versions(), cluster.health());
        } catch (ClusterCheck.Unusable e) {
            if (!ElasticsearchSinkConfig.CONNECTION_URL.equals(e.getKey())
                    || e.getMessage().contains("not supported")) {
                connection.close();
                throw new ConnectException(e.getKey() + ": " + e.getMessage());
            }
            // unreachable now: the writer keeps retrying until it answers, as during any outage
            LOG.warn("Starting although {}", e.getMessage());
        }
        offsets = new OffsetTracker();
        String connector = props.getOrDefault("name", "elasticsearch-sink");
        metrics = new SinkTaskMetrics(PluginMetricsRegistry.of(context, connector, taskIndex(props)));
        writer = new BulkWriter(connection.asyncClient(), BulkWriter.Settings.of(config), offsets, metrics,
                threads + "-scheduler");
        metrics.watch(writer);
        operations = new BulkOperationFactory(config, new DocumentEncoder());
        indexCreator = config.mappingFromSchema() ? new IndexCreator(connection.client(),
                config.indexRefreshInterval()) : null;
    }

    /** The task's number, for the metrics' tags where the worker does not tag them itself; null if not given. */
    static Integer taskIndex(Map<String, String> props) {
        return PluginMetricsRegistry.taskNumber(props, ElasticsearchSinkConnector.TASK_INDEX);
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        writer.handleRejections(rejections);
        writer.throwIfFailed();
        if (records.isEmpty()) {
            return;
        }
        boolean room;
        try {
            room = writer.awaitRoom(records.size(), config.flushTimeoutMs(), rejections);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting for Elasticsearch", e);
        }
        if (!room) {
            // nothing of this batch was taken: Connect pauses, keeps the consumer alive and hands it over again
            context.timeout(config.retryBackoffMaxMs());
            throw new RetriableException("Elasticsearch has not acknowledged the " + writer.pending() + " records this "
                    + "task holds within flush.timeout.ms (" + config.flushTimeoutMs() + " ms); retrying later");
        }
        if (indexCreator != null) {
            createMissingIndices(records);
        }
        TopicPartition partition = null;
        int tombstonesSkipped = 0;
        for (SinkRecord record : records) {
            String topic = record.originalTopic();
            int kafkaPartition = record.originalKafkaPartition();
            if (partition == null || partition.partition() != kafkaPartition || !partition.topic().equals(topic)) {
                // a batch holds runs of records of one partition: one key object (and hash) per run
                partition = new TopicPartition(topic, kafkaPartition);
            }
            OffsetTracker.Pending pending = offsets.track(partition, record.originalKafkaOffset());
            BulkOperationFactory.Write write;
            try {
                write = operations.toWrite(record);
            } catch (DataException e) {
                handleMalformed(record, e.getMessage());
                offsets.complete(pending);
                continue;
            }
            if (write == null) {
                offsets.complete(pending);
                tombstonesSkipped++;
                continue;
            }
            writer.add(new BulkItem(record, partition, write.operation(), write.sizeInBytes(),
                    write.conflictMeansDone(), pending, write.documentKey()));
        }
        if (tombstonesSkipped > 0) {
            metrics.tombstonesSkipped(tombstonesSkipped);
        }
        if (config.lingerMs() == 0) {
            writer.sendOpen();
        }
    }

    /** Runs before any record of the batch is taken, so a failure here can hand the whole batch back. */
    private void createMissingIndices(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            if (record.value() == null) {
                continue;
            }
            String index = operations.targetOf(record);
            if (indexCreator.ensured(index)) {
                continue;
            }
            try {
                indexCreator.ensure(index, record.valueSchema());
            } catch (IOException e) {
                context.timeout(config.retryBackoffMaxMs());
                throw new RetriableException("cannot reach Elasticsearch to create index " + index + ": " + e, e);
            } catch (ElasticsearchException e) {
                if (e.status() == 429 || e.status() >= 500) {
                    context.timeout(config.retryBackoffMaxMs());
                    throw new RetriableException("Elasticsearch could not create index " + index + " now: "
                            + e.getMessage(), e);
                }
                throw new ConnectException("Elasticsearch refused to create index " + index + " with the mapping "
                        + "derived from the record schema: " + e.getMessage() + "; create the index yourself or set "
                        + "mapping.from.schema=false", e);
            }
        }
    }

    private void handleMalformed(SinkRecord record, String reason) {
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        switch (malformed) {
            case DLQ -> {
                reporter.report(record, new DataException(reason));
                metrics.deadLettered();
            }
            case WARN -> {
                LOG.warn("Skipping record {}: {}", where, reason);
                metrics.malformedSkipped();
            }
            case IGNORE -> {
                LOG.debug("Skipping record {}: {}", where, reason);
                metrics.malformedSkipped();
            }
            default -> throw new ConnectException("record " + where + " cannot be indexed: " + reason + "; set "
                    + "behavior.on.malformed.documents to dlq, warn or ignore to skip such records");
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        writer.handleRejections(rejections);
        writer.throwIfFailed();
        writer.sendOpen();
        return offsets.committable(currentOffsets);
    }

    /**
     * Waits up to flush.timeout.ms until every record put so far is acknowledged. Connect itself only calls
     * preCommit(), which does not wait: commits simply stop short of what is still outstanding.
     */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        boolean idle;
        try {
            idle = writer.awaitIdle(config.flushTimeoutMs(), rejections);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while flushing to Elasticsearch", e);
        }
        if (!idle) {
            throw new RetriableException(writer.pending() + " records were not acknowledged by Elasticsearch within "
                    + "flush.timeout.ms (" + config.flushTimeoutMs() + " ms)");
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null) {
            // long enough for a bulk that is answered at all, short enough for Connect's graceful stop (5 s)
            long wait = Math.min(config.flushTimeoutMs(), REVOKE_WAIT_MS);
            try {
                if (!writer.revoke(partitions, wait, rejections)) {
                    LOG.warn("Bulks holding writes of revoked partitions {} were not answered within {} ms; if they "
                            + "land later they may overwrite what the partitions' new owner writes", partitions, wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (offsets != null) {
            offsets.forget(partitions);
        }
    }

    @Override
    public void stop() {
        // Connect committed what preCommit() allowed before calling this; whatever is still in flight is
        // redelivered after a restart, and the ids make that harmless.
        if (writer != null) {
            writer.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
