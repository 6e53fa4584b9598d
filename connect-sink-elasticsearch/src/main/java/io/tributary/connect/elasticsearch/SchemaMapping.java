package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * An index mapping derived from a Connect Struct schema, matching what {@link DocumentEncoder} writes:
 * integers and floats by width, strings as text with a keyword sub-field (search and exact match),
 * Decimal as double, Date and Timestamp as date, Time as keyword (Elasticsearch has no time-of-day type;
 * the fixed HH:mm:ss.SSS text still sorts and ranges correctly), nested Structs as objects, Maps as
 * dynamic objects, arrays as their element.
 */
final class SchemaMapping {

    private static final int KEYWORD_IGNORE_ABOVE = 256;

    private SchemaMapping() {
    }

    /** The mapping for documents of this value schema; null when the schema is not a Struct. */
    static TypeMapping of(Schema valueSchema) {
        if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
            return null;
        }
        return TypeMapping.of(m -> m.properties(propertiesOf(valueSchema)));
    }

    private static Map<String, Property> propertiesOf(Schema struct) {
        Map<String, Property> properties = new LinkedHashMap<>();
        for (Field field : struct.fields()) {
            properties.put(field.name(), propertyOf(field.schema()));
        }
        return properties;
    }

    static Property propertyOf(Schema schema) {
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return Property.of(p -> p.double_(d -> d));
        }
        if (Date.LOGICAL_NAME.equals(logical) || Timestamp.LOGICAL_NAME.equals(logical)) {
            return Property.of(p -> p.date(d -> d));
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return Property.of(p -> p.keyword(k -> k));
        }
        return switch (schema.type()) {
            case INT8 -> Property.of(p -> p.byte_(b -> b));
            case INT16 -> Property.of(p -> p.short_(s -> s));
            case INT32 -> Property.of(p -> p.integer(i -> i));
            case INT64 -> Property.of(p -> p.long_(l -> l));
            case FLOAT32 -> Property.of(p -> p.float_(f -> f));
            case FLOAT64 -> Property.of(p -> p.double_(d -> d));
            case BOOLEAN -> Property.of(p -> p.boolean_(b -> b));
            case STRING -> Property.of(p -> p.text(t -> t.fields("keyword",
                    f -> f.keyword(k -> k.ignoreAbove(KEYWORD_IGNORE_ABOVE)))));
            case BYTES -> Property.of(p -> p.binary(b -> b));
            case ARRAY -> propertyOf(schema.valueSchema());
            case MAP -> Property.of(p -> p.object(o -> o));
            case STRUCT -> Property.of(p -> p.object(o -> o.properties(propertiesOf(schema))));
        };
    }
}
