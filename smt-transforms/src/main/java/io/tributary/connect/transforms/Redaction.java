package io.tributary.connect.transforms;

import io.tributary.connect.common.data.TypeNames;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The "empty" value of a type, which {@code redact} puts in place of the real one so that the record
 * still matches its schema and downstream consumers still see the type they expect.
 */
final class Redaction {

    private static final Date EPOCH = new Date(0L);

    private Redaction() {
    }

    /** The empty value of {@code schema}: 0, false, "", empty bytes/array/map, the epoch, or a Struct of those. */
    static Object emptyValue(Schema schema) {
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return BigDecimal.ZERO.setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical) || Time.LOGICAL_NAME.equals(logical)
            || Timestamp.LOGICAL_NAME.equals(logical)) {
            // Date is mutable, so every record gets its own
            return new Date(EPOCH.getTime());
        }
        switch (schema.type()) {
            case INT8:
                return (byte) 0;
            case INT16:
                return (short) 0;
            case INT32:
                return 0;
            case INT64:
                return 0L;
            case FLOAT32:
                return 0f;
            case FLOAT64:
                return 0d;
            case BOOLEAN:
                return false;
            case STRING:
                return "";
            case BYTES:
                return new byte[0];
            case ARRAY:
                return new ArrayList<>();
            case MAP:
                return new LinkedHashMap<>();
            case STRUCT:
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, emptyValue(field.schema()));
                }
                return struct;
            default:
                throw new DataException("no empty value for schema type " + schema.type());
        }
    }

    /** The empty value of the same type as {@code value}, for records without a schema. */
    static Object emptyValueLike(Object value, String owner, String path) {
        if (value instanceof String) {
            return "";
        } else if (value instanceof Integer) {
            return 0;
        } else if (value instanceof Long) {
            return 0L;
        } else if (value instanceof Double) {
            return 0d;
        } else if (value instanceof Boolean) {
            return false;
        } else if (value instanceof Float) {
            return 0f;
        } else if (value instanceof Short) {
            return (short) 0;
        } else if (value instanceof Byte) {
            return (byte) 0;
        } else if (value instanceof byte[]) {
            return new byte[0];
        } else if (value instanceof ByteBuffer) {
            return ByteBuffer.allocate(0);
        } else if (value instanceof BigDecimal decimal) {
            return BigDecimal.ZERO.setScale(decimal.scale());
        } else if (value instanceof Date) {
            return new Date(EPOCH.getTime());
        } else if (value instanceof List) {
            return new ArrayList<>();
        } else if (value instanceof Map) {
            return new LinkedHashMap<>();
        } else if (value instanceof Struct struct) {
            return emptyValue(struct.schema());
        }
        throw new DataException(owner + ": cannot redact field '" + path + "' of type " + TypeNames.of(value));
    }
}
