package io.tributary.connect.jdbc.schema;

import java.math.BigDecimal;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * PostgreSQL arrays as Connect arrays. Numbers, booleans and text keep their type; elements of other
 * types (uuid, numeric, dates...) become their text, since an array's elements share one schema and
 * numeric elements carry no fixed scale. Elements may be null.
 */
final class ArrayColumns {

    private ArrayColumns() {
    }

    static ColumnMapping map(String elementType, boolean optional) {
        Schema element = switch (elementType) {
            case "int2" -> Schema.OPTIONAL_INT16_SCHEMA;
            case "int4" -> Schema.OPTIONAL_INT32_SCHEMA;
            case "int8" -> Schema.OPTIONAL_INT64_SCHEMA;
            case "float4" -> Schema.OPTIONAL_FLOAT32_SCHEMA;
            case "float8" -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case "bool" -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            default -> Schema.OPTIONAL_STRING_SCHEMA;
        };
        boolean typed = element.type() != Schema.Type.STRING || isText(elementType);
        SchemaBuilder builder = SchemaBuilder.array(element);
        Schema schema = optional ? builder.optional().build() : builder.build();
        return new ColumnMapping(schema, (rs, i) -> {
            Array array = rs.getArray(i);
            if (array == null) {
                return null;
            }
            try {
                Object[] values = (Object[]) array.getArray();
                return typed ? Arrays.asList(values) : asText(values);
            } finally {
                array.free();
            }
        });
    }

    private static boolean isText(String elementType) {
        return switch (elementType) {
            case "text", "varchar", "bpchar", "name", "citext" -> true;
            default -> false;
        };
    }

    private static List<Object> asText(Object[] values) {
        List<Object> text = new ArrayList<>(values.length);
        for (Object value : values) {
            if (value == null) {
                text.add(null);
            } else if (value instanceof BigDecimal decimal) {
                text.add(decimal.toPlainString());
            } else if (value instanceof Object[] nested) {
                text.add(Arrays.deepToString(nested));
            } else {
                text.add(value.toString());
            }
        }
        return text;
    }
}
