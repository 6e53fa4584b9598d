package io.tributary.connect.jdbc.schema;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * PostgreSQL arrays as Connect arrays. Numbers, booleans and text keep their type; elements of other
 * types (uuid, numeric, dates...) become their text, since an array's elements share one schema and
 * numeric elements carry no fixed scale. Elements may be null.
 *
 * <p>That text is PostgreSQL's own, read element by element, not that of the driver's Java objects: the
 * driver fails on a numeric NaN or Infinity, turns a date 'infinity' or a date BC into a wrong date, and
 * drops the fraction of a time.
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
                return typed ? Arrays.asList((Object[]) array.getArray()) : asText(array);
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

    /** Each element's text as the database writes it; a nested array's element is its sub-array, e.g. {1,2}. */
    private static List<Object> asText(Array array) throws SQLException {
        List<Object> text = new ArrayList<>();
        try (ResultSet elements = array.getResultSet()) {
            while (elements.next()) {
                text.add(elements.getString(2)); // column 1 is the element's index
            }
        }
        return text;
    }
}
