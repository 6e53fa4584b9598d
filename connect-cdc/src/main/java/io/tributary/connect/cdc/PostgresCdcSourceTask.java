package io.tributary.connect.cdc;

import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.tributary.connect.common.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Runs Debezium's PostgreSQL task and shapes its output. Debezium's offsets (the LSN) travel in each
 * record's source offset, so Connect's offset storage holds the position; commits are passed on so the
 * slot is advanced only past what Connect has durably written.
 */
public final class PostgresCdcSourceTask extends SourceTask {

    /** Task config keys of ours; every other key is Debezium's. */
    static final String OUTPUT_KEY = "tributary.output";
    static final String PLACEHOLDER_KEY = "tributary.toast.placeholder";

    private PostgresConnectorTask delegate;
    private ChangeOutput output;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, String> debezium = new HashMap<>(props);
        String outputName = debezium.remove(OUTPUT_KEY);
        String placeholder = debezium.remove(PLACEHOLDER_KEY);
        output = ChangeOutput.of(outputName == null ? PostgresCdcSourceConfig.OUTPUT_ENVELOPE : outputName,
                placeholder == null ? DebeziumProperties.DEFAULT_PLACEHOLDER : placeholder);
        delegate = new PostgresConnectorTask();
        delegate.initialize(context);
        delegate.start(debezium);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return output.apply(delegate.poll());
    }

    @Override
    public void commit() throws InterruptedException {
        delegate.commit();
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        delegate.commitRecord(record, metadata);
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        if (output != null) {
            output.close();
        }
    }
}
