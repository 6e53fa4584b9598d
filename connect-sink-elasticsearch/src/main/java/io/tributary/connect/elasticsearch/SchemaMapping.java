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
 * Decimal by its precision and scale (see {@link #decimal}), Date, Timestamp and Debezium's ZonedTimestamp
 * as date, Time as keyword (Elasticsearch has no time-of-day type; the fixed HH:mm:ss.SSS text still sorts
 * and ranges correctly), nested Structs as objects, Maps as dynamic objects, arrays as their element.
 */
final class SchemaMapping {

    /** The parameter the JDBC source and Debezium give a Decimal's precision in. */
    static final String PRECISION_PARAMETER = "connect.decimal.precision";
    /** Debezium's timestamp with time zone: ISO-8601 text with an offset, which a date field parses. */
    static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";

    /** Digits a long holds whatever they are (Long.MAX_VALUE has 19). */
    private static final int LONG_DIGITS = 18;
    /** Significant digits a double carries exactly from decimal text and back. */
    private static final int DOUBLE_DIGITS = 15;
    private static final int KEYWORD_IGNORE_ABOVE = 256;

    private SchemaMapping() {
    }

    /** The mapping for documents of this value schema; null when the schema is not a Struct. */
    static TypeMapping of(Schema valueSchema) {
        return of(valueSchema, true);
    }

    /**
     * The mapping for documents of this value schema, with {@code scaled_float} for decimals only where
     * {@code scaledFloat} says the server has that type (it comes with the mapper-extras module).
     */
    static TypeMapping of(Schema valueSchema, boolean scaledFloat) {
        if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
            return null;
        }
        return TypeMapping.of(m -> m.properties(propertiesOf(valueSchema, scaledFloat)));
    }

    /** Whether the mapping of this schema holds a scaled_float field. */
    static boolean usesScaledFloat(Schema schema) {
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return decimal(schema, true)._kind() == Property.Kind.ScaledFloat;
        }
        return switch (schema.type()) {
            case ARRAY -> usesScaledFloat(schema.valueSchema());
            case STRUCT -> schema.fields().stream().anyMatch(field -> usesScaledFloat(field.schema()));
            default -> false;
        };
    }

    private static Map<String, Property> propertiesOf(Schema struct, boolean scaledFloat) {
        Map<String, Property> properties = new LinkedHashMap<>();
        for (Field field : struct.fields()) {
            properties.put(field.name(), propertyOf(field.schema(), scaledFloat));
        }
        return properties;
    }

    static Property propertyOf(Schema schema, boolean scaledFloat) {
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return decimal(schema, scaledFloat);
        }
        if (Date.LOGICAL_NAME.equals(logical) || Timestamp.LOGICAL_NAME.equals(logical)
                || ZONED_TIMESTAMP.equals(logical)) {
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
            case ARRAY -> propertyOf(schema.valueSchema(), scaledFloat);
            case MAP -> Property.of(p -> p.object(o -> o));
            case STRUCT -> Property.of(p -> p.object(o -> o.properties(propertiesOf(schema, scaledFloat))));
        };
    }

    /**
     * A Decimal's field type, the most exact one its precision and scale allow. Elasticsearch has no decimal
     * type: every number is indexed as a long or a double, so
     * <ul>
     *   <li>whole numbers of at most 18 digits (scale 0 or below) are a {@code long}: exact;</li>
     *   <li>numbers of at most 15 significant digits with a scale of 1 to 15 are a {@code scaled_float} whose
     *       factor is 10^scale: indexed as the exact whole number of hundredths (for scale 2), so ranges
     *       and sums are exact;</li>
     *   <li>anything larger, or a Decimal whose precision is not given, is a {@code double}: ranges and sorts
     *       are exact to 15-17 significant digits, and two amounts that differ further right compare
     *       equal.</li>
     * </ul>
     * The document's {@code _source} keeps the exact number in every case.
     */
    static Property decimal(Schema schema, boolean scaledFloat) {
        Map<String, String> parameters = schema.parameters() == null ? Map.of() : schema.parameters();
        Integer scale = integer(parameters.get(Decimal.SCALE_FIELD));
        Integer precision = integer(parameters.get(PRECISION_PARAMETER));
        if (scale != null && precision != null && precision > 0) {
            if (scale <= 0 && precision - scale <= LONG_DIGITS) {
                return Property.of(p -> p.long_(l -> l));
            }
            if (scaledFloat && scale > 0 && scale <= DOUBLE_DIGITS && precision <= DOUBLE_DIGITS) {
                double factor = Math.pow(10, scale);
                return Property.of(p -> p.scaledFloat(f -> f.scalingFactor(factor)));
            }
        }
        return Property.of(p -> p.double_(d -> d));
    }

    private static Integer integer(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
