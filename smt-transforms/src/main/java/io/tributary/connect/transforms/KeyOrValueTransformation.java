package io.tributary.connect.transforms;

import io.tributary.connect.common.data.TypeNames;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * What every transform with {@code Key} and {@code Value} variants shares: which part of the record it
 * reads and replaces, and that this part is a Struct when it has a schema and a Map when it has none.
 * The variants only choose the {@link RecordPart}.
 */
abstract class KeyOrValueTransformation<R extends ConnectRecord<R>> extends VersionedPlugin
    implements Transformation<R> {

    private final String name;
    private final RecordPart recordPart;

    /** @param name the transform's name, which starts every error message */
    KeyOrValueTransformation(String name, ConfigDef configDef, RecordPart recordPart) {
        super(configDef);
        this.name = name;
        this.recordPart = recordPart;
    }

    /** Passes a null part unchanged (a tombstone's value, a missing key); hands on a Map or a Struct. */
    @Override
    public R apply(R record) {
        Object value = operatingValue(record);
        if (value == null) {
            return record;
        }
        Schema schema = operatingSchema(record);
        if (schema == null) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new DataException(name + ": the record " + part() + " has no schema, so it must be a Map, "
                    + "but it is " + TypeNames.of(value));
            }
            return applySchemaless(record, map);
        }
        if (schema.type() != Schema.Type.STRUCT || !(value instanceof Struct struct)) {
            throw new DataException(name + ": the record " + part() + " must be a Struct, but its schema is "
                + TypeNames.of(schema) + " and its value is " + TypeNames.of(value));
        }
        return applyWithSchema(record, struct, schema);
    }

    /** The record with its schemaless part, a Map, transformed. */
    protected abstract R applySchemaless(R record, Map<?, ?> map);

    /**
     * The record with its part, a Struct, transformed.
     *
     * @param schema the schema the record declares for {@code struct}
     */
    protected abstract R applyWithSchema(R record, Struct struct, Schema schema);

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
}
