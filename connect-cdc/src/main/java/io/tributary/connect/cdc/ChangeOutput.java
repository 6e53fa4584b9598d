package io.tributary.connect.cdc;

import io.tributary.connect.common.change.ChangeEventRows;
import io.tributary.connect.common.change.DeleteHandling;
import io.tributary.connect.common.change.RowOptions;
import java.util.ArrayList;
import java.util.List;
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
     * Row state through the change-event-to-row logic the Unwrap transform also runs: a delete becomes one
     * tombstone (Debezium's own tombstone is then redundant), an unchanged TOASTed column is left out,
     * heartbeats and schema change events pass as they are.
     */
    static final class Rows extends ChangeOutput {
        private final ChangeEventRows rows;

        Rows(String placeholder) {
            this.rows = new ChangeEventRows(RowOptions.defaults()
                    .withDeleteHandling(DeleteHandling.TOMBSTONE)
                    .withDropTombstones(true)
                    .withToastPlaceholder(placeholder)
                    .withPassNonChangeEvents(true), "output=row");
        }

        @Override
        List<SourceRecord> apply(List<SourceRecord> events) {
            if (events == null || events.isEmpty()) {
                return events;
            }
            List<SourceRecord> out = new ArrayList<>(events.size());
            for (SourceRecord event : events) {
                SourceRecord row = rows.apply(event);
                if (row != null) {
                    out.add(row);
                }
            }
            return out;
        }
    }
}
