package io.tributary.connect.cdc;

import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Stamps every change event with the header {@value PostgresCdcSourceConfig#LSN_HEADER}: the LSN of its change,
 * which grows with every change of a row, so a sink can use it as a document version. Debezium leaves
 * {@code source.lsn} empty in the rows of an incremental snapshot; such a row holds the table's state as read
 * between the snapshot window's two watermarks, after every change before the window and before every change
 * after it (a row changed inside the window is written as that change instead), so it gets the newest LSN the
 * stream has reached when it arrives, which the open watermark's own event has already raised past the window's
 * start. Called with the events as Debezium returns them, the connector's own tables' events included.
 */
final class LsnHeader {

    private long newestSeen = -1;

    void stamp(List<SourceRecord> events) {
        if (events == null) {
            return;
        }
        for (SourceRecord event : events) {
            if (!(event.value() instanceof Struct value) || value.schema().field("source") == null
                    || !(value.get("source") instanceof Struct source) || source.schema().field("lsn") == null) {
                continue;
            }
            Object lsn = source.get("lsn");
            if (lsn instanceof Long position) {
                newestSeen = Math.max(newestSeen, position);
                event.headers().addLong(PostgresCdcSourceConfig.LSN_HEADER, position);
            } else if (newestSeen >= 0) {
                event.headers().addLong(PostgresCdcSourceConfig.LSN_HEADER, newestSeen);
            }
        }
    }
}
