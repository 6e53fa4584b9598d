package io.tributary.connect.common.data;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Names a runtime value's type in Connect's vocabulary, for error messages users can act on. */
public final class TypeNames {

    private TypeNames() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Struct) {
            return "STRUCT";
        }
        if (value instanceof Map) {
            return "MAP";
        }
        if (value instanceof List) {
            return "ARRAY";
        }
        Schema.Type type = ConnectSchema.schemaType(value.getClass());
        return type != null ? type.name() : value.getClass().getName();
    }

    public static String of(Schema schema) {
        if (schema.name() != null) {
            return schema.type().name() + " (" + schema.name() + ")";
        }
        return schema.type().name();
    }
}
