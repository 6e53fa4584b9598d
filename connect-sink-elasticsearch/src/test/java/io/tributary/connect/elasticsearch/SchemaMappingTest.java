package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void derivesNothingFromSchemalessValues() {
        assertNull(SchemaMapping.of(null));
        assertNull(SchemaMapping.of(Schema.STRING_SCHEMA));
    }
}
