package io.tributary.connect.transforms;

import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.transforms.Transformation;

import io.tributary.connect.common.Version;

/**
 * What every transform with {@code Key} and {@code Value} variants shares: which part of the record it
 * reads and replaces. The variants only choose the {@link RecordPart}.
 */
abstract class KeyOrValueTransformation<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private final RecordPart recordPart;

    KeyOrValueTransformation(RecordPart recordPart) {
        this.recordPart = recordPart;
    }

    /** "key" or "value", for messages. */
    protected final String part() {
        return recordPart.label();
    }

    protected final Schema operatingSchema(R record) {
        return recordPart.schema(record);
    }

    protected final Object operatingValue(R record) {
        return recordPart.value(record);
    }

    protected final R newRecord(R record, Schema schema, Object value) {
        return recordPart.replace(record, schema, value);
    }

    @Override
    public String version() {
        return Version.get();
    }
}
