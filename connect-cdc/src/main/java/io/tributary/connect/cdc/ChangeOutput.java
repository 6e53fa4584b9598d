package io.tributary.connect.cdc;

import io.tributary.connect.transforms.Unwrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns the change events Debezium produces into what the connector writes: as they are, or as rows. */
abstract class ChangeOutput implements AutoCloseable {

    /** The records to write; may return the same list. */
    abstract List<SourceRecord> apply(List<SourceRecord> events);

    @Override
    public void close() {
    }

    static ChangeOutput of(String output, String placeholder) {
        return PostgresCdcSourceConfig.OUTPUT_ROW.equals(output) ? new Rows(placeholder) : new Envelopes();
    }

    /** Debezium's envelopes, untouched: no copy, no per-record work. */
    static final class Envelopes extends ChangeOutput {
        @Override
        List<SourceRecord> apply(List<SourceRecord> events) {
            return events;
        }
    }

    /**
     * Row state through the Unwrap transform: a delete becomes one tombstone (Debezium's own tombstone is
     * then redundant), an unchanged TOASTed column is left out, heartbeats pass as they are.
     */
    static final class Rows extends ChangeOutput {
        private final Unwrap<SourceRecord> unwrap;

        Rows(String placeholder) {
            this.unwrap = Unwrap.configured(Map.of(
                    Unwrap.DELETE_HANDLING_CONFIG, Unwrap.DELETE_TOMBSTONE,
                    Unwrap.DROP_TOMBSTONES_CONFIG, "true",
                    Unwrap.TOAST_HANDLING_CONFIG, Unwrap.TOAST_OMIT,
                    Unwrap.TOAST_PLACEHOLDER_CONFIG, placeholder,
                    Unwrap.NON_CHANGE_EVENTS_CONFIG, Unwrap.NON_CHANGE_PASS));
        }

        @Override
        List<SourceRecord> apply(List<SourceRecord> events) {
            if (events == null || events.isEmpty()) {
                return events;
            }
            List<SourceRecord> rows = new ArrayList<>(events.size());
            for (SourceRecord event : events) {
                SourceRecord row = unwrap.apply(event);
                if (row != null) {
                    rows.add(row);
                }
            }
            return rows;
        }

        @Override
        public void close() {
            unwrap.close();
        }
    }
}
