package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.FieldTree;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class FieldRewriterTest {

    private static final Schema TAGS = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build();
    private static final Schema ADDRESS = SchemaBuilder.struct().name("Address").optional()
        .field("street", Schema.STRING_SCHEMA)
        .field("city", Schema.STRING_SCHEMA)
        .build();
    private static final Schema CUSTOMER = SchemaBuilder.struct().name("Customer").version(3)
        .field("id", Schema.INT64_SCHEMA)
        .field("name", Schema.OPTIONAL_STRING_SCHEMA)
        .field("address", ADDRESS)
        .field("tags", TAGS)
        .build();

    @Test
    void rewritesNestedStructFieldAndCopiesTheRest() {
        Struct out = upperCase("address.city").rewrite(customer(), CUSTOMER);

        assertEquals(new Struct(ADDRESS).put("street", "rue Royale").put("city", "LYON"), out.get("address"));
        assertEquals(7L, out.get("id"));
        assertEquals("Ada", out.get("name"));
    }

    @Test
    void keepsInputSchemaWhenNoLeafChangesIt() {
        Struct out = upperCase("name,address.city").rewrite(customer(), CUSTOMER);

        assertSame(CUSTOMER, out.schema());
        assertSame(ADDRESS, out.getStruct("address").schema());
    }

    @Test
    void leavesInputUnchanged() {
        Struct in = customer();

        upperCase("address.city").rewrite(in, CUSTOMER);

        assertEquals("Lyon", in.getStruct("address").get("city"));
    }

    @Test
    void returnsStructItselfWhenSchemaHasNoConfiguredPath() {
        Struct in = customer();

        assertSame(in, upperCase("email,address.zip").rewrite(in, CUSTOMER));
    }

    @Test
    void leavesNullFieldsNull() {
        Struct in = new Struct(CUSTOMER).put("id", 7L);

        Struct out = upperCase("name,address.city").rewrite(in, CUSTOMER);

        assertNull(out.get("name"));
        assertNull(out.get("address"));
    }

    @Test
    void derivesOutputSchemaKeepingNameVersionAndOptionality() {
        Struct out = lengths("address.city").rewrite(customer(), CUSTOMER);

        Schema address = out.schema().field("address").schema();
        assertEquals("Customer", out.schema().name());
        assertEquals(3, out.schema().version());
        assertEquals("Address", address.name());
        assertEquals(true, address.isOptional());
        assertEquals(Schema.Type.INT32, address.field("city").schema().type());
        assertEquals(4, out.getStruct("address").get("city"));
    }

    @Test
    void derivesOutputSchemaOncePerInputSchema() {
        FieldRewriter<String> rewriter = lengths("name");

        Schema first = rewriter.rewrite(customer(), CUSTOMER).schema();
        Schema second = rewriter.rewrite(customer(), CUSTOMER).schema();

        assertSame(first, second);
    }

    @Test
    void rewritesInsideMapFieldWhenSchemaIsKept() {
        Struct out = upperCase("tags.env").rewrite(customer(), CUSTOMER);

        assertEquals(Map.of("env", "PROD", "team", "core"), out.get("tags"));
    }

    @Test
    void rejectsMapFieldWhenLeavesChangeSchema() {
        DataException e = assertThrows(DataException.class, () -> lengths("tags.env").rewrite(customer(), CUSTOMER));

        assertEquals("Test: cannot measure inside field 'tags' because it is MAP, not a Struct", e.getMessage());
    }

    @Test
    void rejectsPathThroughPrimitiveField() {
        DataException e = assertThrows(DataException.class,
            () -> upperCase("name.first").rewrite(customer(), CUSTOMER));

        assertEquals("Test: cannot shout inside field 'name' because it is STRING, not a Struct or a Map",
            e.getMessage());
    }

    @Test
    void rewritesSchemalessMapWithoutChangingInput() {
        Map<String, Object> address = new HashMap<>(Map.of("city", "Lyon", "street", "rue Royale"));
        Map<String, Object> in = new HashMap<>(Map.of("id", 7L, "address", address));

        Map<?, ?> out = upperCase("address.city").rewrite(in);

        assertEquals(Map.of("id", 7L, "address", Map.of("city", "LYON", "street", "rue Royale")), out);
        assertEquals("Lyon", address.get("city"));
    }

    @Test
    void returnsMapItselfWhenNothingChanges() {
        Map<String, Object> in = Map.of("id", 7L, "address", Map.of("street", "rue Royale"));

        assertSame(in, upperCase("name,address.city").rewrite(in));
    }

    @Test
    void rewritesStructInsideSchemalessMap() {
        Map<?, ?> out = upperCase("customer.address.city").rewrite(Map.of("customer", customer()));

        assertEquals("LYON", ((Struct) out.get("customer")).getStruct("address").get("city"));
    }

    @Test
    void rejectsSchemalessPathThroughPrimitive() {
        DataException e = assertThrows(DataException.class,
            () -> lengths("id.value").rewrite(Map.of("id", 7L)));

        assertEquals("Test: cannot measure inside field 'id' because it is INT64, not a Struct or a Map",
            e.getMessage());
    }

    private static Struct customer() {
        return new Struct(CUSTOMER)
            .put("id", 7L)
            .put("name", "Ada")
            .put("address", new Struct(ADDRESS).put("street", "rue Royale").put("city", "Lyon"))
            .put("tags", Map.of("env", "prod", "team", "core"));
    }

    // keeps every schema: a string leaf becomes upper case
    private static FieldRewriter<String> upperCase(String paths) {
        return rewriter(paths, "shout", new FieldRewriter.Leaves<>() {
            @Override
            public boolean keepSchema() {
                return true;
            }

            @Override
            public FieldRewriter.LeafPlan plan(String leaf, Schema schema, String path) {
                return new FieldRewriter.LeafPlan(schema, value -> ((String) value).toUpperCase(Locale.ROOT));
            }

            @Override
            public Object rewrite(String leaf, Object value, Schema valueSchema, String path) {
                return ((String) value).toUpperCase(Locale.ROOT);
            }
        });
    }

    // changes the schema: a string leaf becomes its INT32 length
    private static FieldRewriter<String> lengths(String paths) {
        return rewriter(paths, "measure", new FieldRewriter.Leaves<>() {
            @Override
            public boolean keepSchema() {
                return false;
            }

            @Override
            public FieldRewriter.LeafPlan plan(String leaf, Schema schema, String path) {
                Schema length = schema.isOptional() ? Schema.OPTIONAL_INT32_SCHEMA : Schema.INT32_SCHEMA;
                return new FieldRewriter.LeafPlan(length, value -> ((String) value).length());
            }

            @Override
            public Object rewrite(String leaf, Object value, Schema valueSchema, String path) {
                return ((String) value).length();
            }
        });
    }

    private static FieldRewriter<String> rewriter(String paths, String verb, FieldRewriter.Leaves<String> leaves) {
        FieldTree<String> tree = new FieldTree<>();
        for (String path : paths.split(",")) {
            tree.add(FieldPath.parse(path), path);
        }
        return new FieldRewriter<>(tree, leaves, "Test", verb);
    }
}
