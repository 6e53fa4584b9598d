package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class SchemaMappingTest {

    @Test
    void mapsEachConnectTypeToTheFieldTypeOfItsJson() {
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("price", Decimal.schema(2))
                .field("created", Timestamp.SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("address", SchemaBuilder.struct().field("zip", Schema.INT32_SCHEMA).build())
                .build();

        TypeMapping mapping = SchemaMapping.of(schema);

        Map<String, Property.Kind> kinds = new LinkedHashMap<>();
        mapping.properties().forEach((name, property) -> kinds.put(name, property._kind()));
        assertEquals(Map.of("id", Property.Kind.Long, "name", Property.Kind.Text, "price", Property.Kind.Double,
                "created", Property.Kind.Date, "tags", Property.Kind.Text, "address", Property.Kind.Object), kinds);
        assertEquals(Property.Kind.Keyword, mapping.properties().get("name").text().fields().get("keyword")._kind());
        assertEquals(Property.Kind.Integer,
                mapping.properties().get("address").object().properties().get("zip")._kind());
    }

    @Test
    void mapsDecimalsByPrecisionAndScaleToTheMostExactNumberType() {
        Schema schema = SchemaBuilder.struct()
                .field("units", decimal(18, 0))
                .field("huge", decimal(19, 0))
                .field("amount", decimal(12, 2))
                .field("rate", decimal(15, 6))
                .field("wide", decimal(18, 6))
                .field("unknown", Decimal.schema(2))
                .field("hundreds", decimal(5, -2))
                .field("changed", SchemaBuilder.string().name(SchemaMapping.ZONED_TIMESTAMP).build())
                .build();

        TypeMapping mapping = SchemaMapping.of(schema);

        Map<String, Property.Kind> kinds = new LinkedHashMap<>();
        mapping.properties().forEach((name, property) -> kinds.put(name, property._kind()));
        assertEquals(Map.of("units", Property.Kind.Long, "huge", Property.Kind.Double,
                "amount", Property.Kind.ScaledFloat, "rate", Property.Kind.ScaledFloat, "wide", Property.Kind.Double,
                "unknown", Property.Kind.Double, "hundreds", Property.Kind.Long, "changed", Property.Kind.Date), kinds);
        assertEquals(100.0, mapping.properties().get("amount").scaledFloat().scalingFactor());
        assertEquals(1_000_000.0, mapping.properties().get("rate").scaledFloat().scalingFactor());
        assertTrue(SchemaMapping.usesScaledFloat(schema));
    }

    @Test
    void withoutScaledFloatOnTheServerScaledDecimalsAreDoubles() {
        Schema schema = SchemaBuilder.struct()
                .field("units", decimal(10, 0))
                .field("lines", SchemaBuilder.array(SchemaBuilder.struct().field("amount", decimal(12, 2)).build())
                        .build())
                .build();

        TypeMapping mapping = SchemaMapping.of(schema, false);

        assertEquals(Property.Kind.Long, mapping.properties().get("units")._kind());
        assertEquals(Property.Kind.Double,
                mapping.properties().get("lines").object().properties().get("amount")._kind());
        assertTrue(SchemaMapping.usesScaledFloat(schema), "the nested amount would be a scaled_float");
        assertFalse(SchemaMapping.usesScaledFloat(SchemaBuilder.struct().field("units", decimal(10, 0)).build()));
    }

    private static Schema decimal(int precision, int scale) {
        return Decimal.builder(scale).parameter(SchemaMapping.PRECISION_PARAMETER, Integer.toString(precision)).build();
    }

    @Test
    void derivesNothingFromSchemalessValues() {
        assertNull(SchemaMapping.of(null));
        assertNull(SchemaMapping.of(Schema.STRING_SCHEMA));
    }
}
