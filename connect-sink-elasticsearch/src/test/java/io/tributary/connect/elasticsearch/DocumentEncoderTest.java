package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class DocumentEncoderTest {

    private final DocumentEncoder encoder = new DocumentEncoder();

    private static final Schema ADDRESS = SchemaBuilder.struct().name("Address")
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema CUSTOMER = SchemaBuilder.struct().name("Customer")
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("vip", Schema.BOOLEAN_SCHEMA)
            .field("score", Schema.FLOAT64_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("address", ADDRESS)
            .build();

    private String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void writesEveryKindOfTextExactlyAsJacksonWouldWithAndWithoutASchema() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> texts = List.of("", "plain ascii text 123", "a \"quoted\" word", "back\\slash", "tab\tnew\nline\r",
                "\u0000\u0001\u001f control", "del \u007f stays", "caf\u00e9 na\u00efve", "\u65e5\u672c\u8a9e",
                "emoji \ud83d\ude00", "slash / and </script>", "x".repeat(5000),
                "lone \ud800 surrogate, long enough for the byte path",
                "a question? mark in a text long enough for the byte path",
                "DEL \u007f in a text long enough for the byte path");
        // long texts take a faster path: put each special one at every place of an 8-byte word and in the tail
        List<String> longTexts = new java.util.ArrayList<>(texts);
        for (String special : List.of("\"", "\\", "\n", "\u0000", "\u001f", "\u00e9", "\u65e5", "\ud83d\ude00",
                "\ud800", "?", "\u007f")) {
            for (int at = 0; at < 20; at++) {
                longTexts.add("a".repeat(at) + special + "b".repeat(40 - at));
            }
        }
        texts = longTexts;
        Schema schema = SchemaBuilder.struct().field("text", Schema.STRING_SCHEMA).build();
        for (String text : texts) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("text", text);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (com.fasterxml.jackson.core.JsonGenerator generator =
                    new com.fasterxml.jackson.core.JsonFactory().createGenerator(out)) {
                generator.writeStartObject();
                generator.writeStringField("text", text);
                generator.writeEndObject();
            }
            String expected = out.toString(StandardCharsets.UTF_8);
            assertEquals(text, jackson.readTree(expected).get("text").asText());
            assertEquals(expected, json(encoder.encode(null, map, false, null)), "schemaless: " + expected);
            assertEquals(expected, json(encoder.encode(schema, new Struct(schema).put("text", text), false, null)),
                    "with a schema: " + expected);
        }
    }

    @Test
    void findsEveryByteThatCannotBeCopiedIntoAJsonStringAsItIs() {
        for (int length = 1; length <= 17; length++) {
            for (int at = 0; at < length; at++) {
                for (int value = 0; value < 256; value++) {
                    byte[] bytes = "x".repeat(length).getBytes(StandardCharsets.US_ASCII);
                    bytes[at] = (byte) value;
                    boolean expected = value < 0x20 || value >= 0x80 || value == '"' || value == '\\' || value == '?';
                    assertEquals(expected, DocumentEncoder.needsEscaping(bytes),
                            "byte " + value + " at " + at + " of " + length);
                }
            }
        }
        assertEquals(false, DocumentEncoder.needsEscaping(new byte[0]));
    }

    @Test
    void aValueThatCannotBeWrittenLeavesTheNextDocumentWhole() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("ok", "first");
        bad.put("thread", Thread.currentThread());
        assertThrows(DataException.class, () -> encoder.encode(null, bad, false, null));

        assertEquals("{\"id\":1}", json(encoder.encode(null, Map.of("id", 1), false, null)));
        assertEquals("{\"id\":2}", json(encoder.encode(null, Map.of("id", 2), false, null)));
    }

    @Test
    void writesStructFieldsInSchemaOrderWithNestedStructsAndArrays() {
        Struct customer = new Struct(CUSTOMER).put("id", 7).put("name", "Ada").put("vip", true).put("score", 2.5)
                .put("tags", List.of("a", "b")).put("address", new Struct(ADDRESS).put("city", "Oslo"));

        assertEquals("{\"id\":7,\"name\":\"Ada\",\"vip\":true,\"score\":2.5,\"tags\":[\"a\",\"b\"],"
                + "\"address\":{\"city\":\"Oslo\",\"zip\":null}}",
                json(encoder.encode(CUSTOMER, customer, false, null)));
    }

    @Test
    void writesLogicalTypesAsValuesElasticsearchParses() {
        Schema schema = SchemaBuilder.struct()
                .field("price", Decimal.schema(2))
                .field("day", Date.SCHEMA)
                .field("at", Time.SCHEMA)
                .field("ts", Timestamp.SCHEMA)
                .build();
        Struct value = new Struct(schema)
                .put("price", new BigDecimal("1234.50"))
                .put("day", new java.util.Date(19_783L * 86_400_000L))
                .put("at", new java.util.Date((10 * 3600 + 15 * 60 + 30) * 1000L + 250))
                .put("ts", new java.util.Date(1_709_288_130_123L));

        assertEquals("{\"price\":1234.50,\"day\":\"2024-03-01\",\"at\":\"10:15:30.250\","
                + "\"ts\":\"2024-03-01T10:15:30.123Z\"}",
                json(encoder.encode(schema, value, false, null)));
    }

    @Test
    void writesSchemalessMapsAsTheyCome() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", 42L);
        value.put("ratio", 0.25);
        value.put("nested", Map.of("ok", true));
        value.put("list", List.of(1, "two"));
        value.put("missing", null);

        assertEquals("{\"id\":42,\"ratio\":0.25,\"nested\":{\"ok\":true},\"list\":[1,\"two\"],\"missing\":null}",
                json(encoder.encode(null, value, false, null)));
    }

    @Test
    void rewritesJsonStringValuesOnOneLineWithTheirExactNumbersAndText() {
        String value = "{\"already\": \"json\", \"n\": 1, \"price\": 1234.50, "
                + "\"big\": 123456789012345678901234567890.125,"
                + " \"tiny\": 1e-400, \"text\": \"caf\u00e9 \\\"q\\\" \\n \\u0001\","
                + " \"list\": [true, false, null, {}, []]}";

        assertEquals("{\"already\":\"json\",\"n\":1,\"price\":1234.50,\"big\":123456789012345678901234567890.125,"
                + "\"tiny\":1e-400,\"text\":\"caf\u00e9 \\\"q\\\" \\n \\u0001\",\"list\":[true,false,null,{},[]]}",
                json(encoder.encode(Schema.STRING_SCHEMA, value, false, null)));
        assertEquals("{\"n\":1}",
                json(encoder.encode(Schema.BYTES_SCHEMA, "{\"n\":1}".getBytes(StandardCharsets.UTF_8), false, null)));
    }

    @Test
    void putsAPrettyPrintedJsonDocumentOnOneLine() {
        String pretty = "\r\n{\n  \"name\" : \"Ada\",\r\n  \"address\" : {\n    \"city\" : \"London\"\n  }\n}\n\n";

        assertEquals("{\"name\":\"Ada\",\"address\":{\"city\":\"London\"}}",
                json(encoder.encode(null, pretty, false, null)));
        assertEquals("{\"doc\":{\"name\":\"Ada\",\"address\":{\"city\":\"London\"}},\"doc_as_upsert\":true}",
                json(encoder.encode(null, pretty, true, null)));
    }

    @Test
    void refusesAStringValueThatCarriesASecondBulkLine() {
        String injected = "{\"a\":1}\n{\"delete\":{\"_index\":\"customers\",\"_id\":\"42\"}}";

        DataException plain = assertThrows(DataException.class, () -> encoder.encode(null, injected, false, null));
        DataException upsert = assertThrows(DataException.class, () -> encoder.encode(null, injected, true, null));
        DataException sameLine = assertThrows(DataException.class,
                () -> encoder.encode(null, "{\"a\":1}{\"delete\":{}}", false, null));

        assertEquals("a string value must hold exactly one JSON object to be a document; more follows it at line 2, "
                + "column 1", plain.getMessage());
        assertEquals(plain.getMessage(), upsert.getMessage());
        assertEquals("a string value must hold exactly one JSON object to be a document; more follows it at line 1, "
                + "column 8", sameLine.getMessage());
        // the encoder is still usable after a refused value
        assertEquals("{\"b\":2}", json(encoder.encode(null, "{\"b\":2}", false, null)));
    }

    @Test
    void refusesBrokenJsonNamingThePlaceButNotTheContent() {
        DataException cut = assertThrows(DataException.class,
                () -> encoder.encode(null, "{\"card\":\"4111-1111\"", false, null));
        DataException rawLineBreak = assertThrows(DataException.class,
                () -> encoder.encode(null, "{\"card\":\"4111\n1111\"}", false, null));
        byte[] badUtf8 = {'{', '"', 'k', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        DataException encoding = assertThrows(DataException.class, () -> encoder.encode(null, badUtf8, false, null));

        assertEquals("a string value is not valid JSON at line 1, column 20", cut.getMessage());
        assertEquals("a string value is not valid JSON at line 1, column 14", rawLineBreak.getMessage());
        assertTrue(encoding.getMessage().startsWith("a string value is not valid JSON at line 1"),
                encoding.getMessage());
    }

    @Test
    void wrapsTheDocumentForUpserts() {
        Map<String, Object> value = Map.of("name", "Ada");

        assertEquals("{\"doc\":{\"name\":\"Ada\"},\"doc_as_upsert\":true}",
                json(encoder.encode(null, value, true, null)));
        assertEquals("{\"doc\":{\"n\":1},\"doc_as_upsert\":true}", json(encoder.encode(null, "{\"n\":1}", true, null)));
    }

    @Test
    void addsTheRecordTimestampWhenTheDocumentHasNone() {
        Map<String, Object> without = Map.of("msg", "hi");
        Map<String, Object> with = new LinkedHashMap<>();
        with.put("msg", "hi");
        with.put("@timestamp", "2024-01-01T00:00:00Z");

        assertEquals("{\"msg\":\"hi\",\"@timestamp\":1700000000000}",
                json(encoder.encode(null, without, false, 1_700_000_000_000L)));
        assertEquals("{\"msg\":\"hi\",\"@timestamp\":\"2024-01-01T00:00:00Z\"}",
                json(encoder.encode(null, with, false, 1L)));
    }

    @Test
    void rejectsValuesThatAreNotObjects() {
        DataException number = assertThrows(DataException.class,
                () -> encoder.encode(Schema.INT32_SCHEMA, 5, false, null));
        DataException text = assertThrows(DataException.class,
                () -> encoder.encode(Schema.STRING_SCHEMA, "plain", false, null));

        assertEquals("a INT32 value cannot be a document; it must be a Struct, a Map or a JSON object",
                number.getMessage());
        assertEquals("a string value must hold a JSON object to be a document", text.getMessage());
    }

    @Test
    void canonicalJsonSortsKeysAtEveryLevel() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", 2);
        a.put("a", Map.of("y", 1, "x", 0));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("a", Map.of("x", 0, "y", 1));
        b.put("b", 2);

        assertEquals("{\"a\":{\"x\":0,\"y\":1},\"b\":2}", encoder.canonicalJson(null, a));
        assertEquals(encoder.canonicalJson(null, a), encoder.canonicalJson(null, b));
    }
}
