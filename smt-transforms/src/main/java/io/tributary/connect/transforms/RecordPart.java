package io.tributary.connect.transforms;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/** The part of a record that the {@code Key} or {@code Value} variant of a transform works on. */
enum RecordPart {

    KEY("key") {
        @Override
        Schema schema(ConnectRecord<?> record) {
            return record.keySchema();
        }

        @Override
        Object value(ConnectRecord<?> record) {
            return record.key();
        }

        @Override
        <R extends ConnectRecord<R>> R replace(R record, Schema schema, Object value) {
            return record.newRecord(record.topic(), record.kafkaPartition(), schema, value,
                record.valueSchema(), record.value(), record.timestamp(), record.headers());
        }
    },

    VALUE("value") {
        @Override
        Schema schema(ConnectRecord<?> record) {
            return record.valueSchema();
        }

        @Override
        Object value(ConnectRecord<?> record) {
            return record.value();
        }

        @Override
        <R extends ConnectRecord<R>> R replace(R record, Schema schema, Object value) {
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                schema, value, record.timestamp(), record.headers());
        }
    };

    private final String label;

    RecordPart(String label) {
        this.label = label;
    }

    /** "key" or "value", for messages. */
    String label() {
        return label;
    }

    abstract Schema schema(ConnectRecord<?> record);

    abstract Object value(ConnectRecord<?> record);

    /** A copy of the record with this part replaced. */
    abstract <R extends ConnectRecord<R>> R replace(R record, Schema schema, Object value);
}
