package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DocumentIdStrategyTest {

    private final DocumentIdStrategy fromKey = DocumentIdStrategy.of(false, new DocumentEncoder());

    private static SinkRecord keyed(Schema keySchema, Object key) {
        return new SinkRecord("orders", 3, keySchema, key, null, Map.of("v", 1), 42L);
    }

    @Test
    void takesStringAndNumberKeysAsTheyAre() {
        assertEquals("order-17", fromKey.idOf(keyed(Schema.STRING_SCHEMA, "order-17")));
        assertEquals("17", fromKey.idOf(keyed(Schema.INT32_SCHEMA, 17)));
        assertEquals("9007199254740993", fromKey.idOf(keyed(Schema.INT64_SCHEMA, 9_007_199_254_740_993L)));
        assertEquals("17", fromKey.idOf(keyed(null, 17L)));
    }

    @Test
    void refusesAnIdLongerThanElasticsearchTakesWithoutShowingIt() {
        String longest = "x".repeat(DocumentIdStrategy.MAX_ID_BYTES);
        String url = "https://example.com/" + "segment/".repeat(70);
        // 171 chars of two bytes each: short in chars, too long in bytes
        String accented = "\u00e9".repeat(257);

        assertEquals(longest, fromKey.idOf(keyed(Schema.STRING_SCHEMA, longest)));
        DataException tooLong = assertThrows(DataException.class, () -> fromKey.idOf(keyed(Schema.STRING_SCHEMA, url)));
        DataException wide = assertThrows(DataException.class,
                () -> fromKey.idOf(keyed(Schema.STRING_SCHEMA, accented)));

        assertEquals("the document id taken from the key is 580 bytes long (UTF-8); Elasticsearch takes at most 512. "
                + "Shorten the key (for example by hashing it with the DeriveKey transform) or set key.ignore=true",
                tooLong.getMessage());
        assertTrue(wide.getMessage().startsWith("the document id taken from the key is 514 bytes long"),
                wide.getMessage());
        assertEquals(4, DocumentIdStrategy.utf8Length("\ud83d\ude00"), "a surrogate pair is one 4-byte character");
    }

    @Test
    void takesTheValueOfAStructKeyWithOneField() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();

        assertEquals("17", fromKey.idOf(keyed(schema, new Struct(schema).put("id", 17L))));
        assertEquals("17", fromKey.idOf(keyed(null, Map.of("id", 17L))));
    }

    @Test
    void writesCompositeKeysAsSortedJsonWhateverTheFieldOrder() {
        Schema schema = SchemaBuilder.struct()
                .field("tenant", Schema.STRING_SCHEMA)
                .field("id", Schema.INT32_SCHEMA)
                .build();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tenant", "acme");
        map.put("id", 5);

        assertEquals("{\"id\":5,\"tenant\":\"acme\"}",
                fromKey.idOf(keyed(schema, new Struct(schema).put("tenant", "acme").put("id", 5))));
        assertEquals("{\"id\":5,\"tenant\":\"acme\"}", fromKey.idOf(keyed(null, map)));
    }

    @Test
    void usesTopicPartitionAndOffsetWhenTheKeyIsIgnored() {
        DocumentIdStrategy coordinates = DocumentIdStrategy.of(true, new DocumentEncoder());

        assertEquals("orders+3+42", coordinates.idOf(keyed(Schema.STRING_SCHEMA, "ignored")));
    }

    @Test
    void refusesARecordWithoutKey() {
        DataException error = assertThrows(DataException.class, () -> fromKey.idOf(keyed(null, null)));

        assertEquals("the record has no key to take the document id from (key.ignore=false)", error.getMessage());
    }
}
