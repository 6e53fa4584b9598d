package io.tributary.connect.cdc;

import io.tributary.connect.common.change.ChangeEventRows;
import io.tributary.connect.common.change.DeleteHandling;
import io.tributary.connect.common.change.RowOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns the change events Debezium produces into what the connector writes: as they are, or as rows. */
abstract class ChangeOutput implements AutoCloseable {

    /** The records to write; may return the same list. */
    abstract List<SourceRecord> apply(List<SourceRecord> events);

    @Override
    public void close() {
    }

    static ChangeOutput of(String output, String placeholder, boolean requireCompleteRows) {
        return PostgresCdcSourceConfig.OUTPUT_ROW.equals(output) ? new Rows(placeholder, requireCompleteRows)
                : new Envelopes();
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
     * tombstone (Debezium's own tombstone is then redundant), an unchanged TOASTed column is left out (or,
     * with {@code requireCompleteRows}, fails the task), heartbeats and schema change events pass as they are.
     * A row or tombstone keeps the headers of its event, {@link LsnHeader}'s among them.
     */
    static final class Rows extends ChangeOutput {
        private final ChangeEventRows rows;
        private final boolean requireCompleteRows;

        Rows(String placeholder, boolean requireCompleteRows) {
            this.requireCompleteRows = requireCompleteRows;
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
                    if (requireCompleteRows) {
                        requireComplete(event, row);
                    }
                    out.add(row);
                }
            }
            return out;
        }

        /** A row that lost a column to the TOAST placeholder has fewer fields than the event's after image. */
        private static void requireComplete(SourceRecord event, SourceRecord row) {
            if (!(event.value() instanceof Struct envelope) || !(row.value() instanceof Struct values)
                    || envelope.schema().field("after") == null) {
                return;
            }
            Schema after = envelope.schema().field("after").schema();
            if (values.schema().fields().size() >= after.fields().size()) {
                return;
            }
            List<String> missing = after.fields().stream().map(Field::name)
                    .filter(column -> values.schema().field(column) == null).toList();
            Object source = envelope.schema().field("source") == null ? null : envelope.get("source");
            String table = source instanceof Struct s ? s.get("schema") + "." + s.get("table") : event.topic();
            throw new ConnectException("an update of " + table + " reached the connector without the unchanged "
                    + "large (TOASTed) value of " + missing + ": the table's REPLICA IDENTITY is not FULL, so "
                    + "PostgreSQL did not send it, and " + PostgresCdcSourceConfig.UNCHANGED_TOAST_HANDLING
                    + "=fail writes complete rows only. Nothing of this change was written. Run ALTER TABLE "
                    + table + " REPLICA IDENTITY FULL for later changes; to get past this one, set "
                    + PostgresCdcSourceConfig.UNCHANGED_TOAST_HANDLING + "=omit and restart the task");
        }
    }
}
