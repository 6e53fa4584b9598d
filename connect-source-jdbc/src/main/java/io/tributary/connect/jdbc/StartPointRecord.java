package io.tributary.connect.jdbc;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The record that makes Connect store a start point resolved from timestamp.initial=-1 as the table's offset:
 * Connect stores offsets of records only, and a table may go a long time before its first row. Without it a
 * restart before that row would resolve "now" again and skip what was written while the task was down.
 */
final class StartPointRecord {

    static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name("io.tributary.connect.jdbc.StartPoint")
            .doc("Where a table without an offset began to be read (timestamp.initial=-1)")
            .field("connector", Schema.STRING_SCHEMA)
            .field("source", Schema.STRING_SCHEMA)
            .field("start", Schema.STRING_SCHEMA)
            .build();

    private StartPointRecord() {
    }

    /** One record to {@code topic}, carrying {@code start} as the offset of {@code partition}. */
    static SourceRecord of(String topic, String connector, String source, Map<String, Object> partition,
                           SourceOffset start) {
        Struct value = new Struct(VALUE_SCHEMA)
                .put("connector", connector)
                .put("source", source)
                .put("start", start.timestamp().toString());
        return new SourceRecord(partition, start.toMap(), topic, null, Schema.STRING_SCHEMA, connector + " " + source,
                VALUE_SCHEMA, value);
    }
}
