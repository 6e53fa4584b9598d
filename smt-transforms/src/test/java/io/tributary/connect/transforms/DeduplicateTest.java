package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeduplicateTest {

    private static final Schema CUSTOMER = SchemaBuilder.struct().name("Customer").optional()
        .field("id", Schema.INT64_SCHEMA)
        .build();
    private static final Schema ORDER = SchemaBuilder.struct().name("Order")
        .field("id", Schema.INT64_SCHEMA)
        .field("status", Schema.STRING_SCHEMA)
        .field("customer", CUSTOMER)
        .build();

    private final AtomicLong clock = new AtomicLong(1_000_000L);

    @Test
    void dropsExactRepeatWithinTtl() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("ttl.ms", "1000"));
        SourceRecord first = keyed("orders", "k1", "a");

        assertSame(first, dedupe.apply(first));
        clock.addAndGet(999);
        assertNull(dedupe.apply(keyed("orders", "k1", "a")));
    }

    @Test
    void passesUpdateOfSameKeyWithinTtl() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("ttl.ms", "1000"));
        dedupe.apply(keyed("orders", "k1", "a"));
        clock.addAndGet(10);
        SourceRecord update = keyed("orders", "k1", "b");

        assertSame(update, dedupe.apply(update));
        assertNull(dedupe.apply(keyed("orders", "k1", "b")));
    }

    @Test
    void passesChangeBackToAnEarlierValue() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of());
        dedupe.apply(keyed("orders", "k1", "a"));
        dedupe.apply(keyed("orders", "k1", "b"));
        SourceRecord revert = keyed("orders", "k1", "a");

        assertSame(revert, dedupe.apply(revert));
    }

    @Test
    void comparesStructValueAndEquivalentMapValueAlike() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of());
        dedupe.apply(keyedOrder(order(1L, "paid", 7L)));
        Map<String, Object> schemaless = Map.of("id", 1, "status", "paid", "customer", Map.of("id", 7L));

        assertNull(dedupe.apply(new SourceRecord(null, null, "orders", 0, null, "k1", null, schemaless)));
    }

    @Test
    void passesStructValueWithChangedNestedField() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of());
        dedupe.apply(keyedOrder(order(1L, "paid", 7L)));
        SourceRecord moved = keyedOrder(order(1L, "paid", 8L));

        assertSame(moved, dedupe.apply(moved));
    }

    @Test
    void keyModeDropsAnyRecordWithSeenKeyWithinTtl() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("identity", "key", "ttl.ms", "1000"));
        dedupe.apply(keyed("orders", "k1", "a"));
        clock.addAndGet(999);

        assertNull(dedupe.apply(keyed("orders", "k1", "b")));
        clock.addAndGet(1);
        SourceRecord later = keyed("orders", "k1", "c");
        assertSame(later, dedupe.apply(later));
    }

    @Test
    void keyModeForgetsKeyOnTombstone() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("identity", "KEY"));
        dedupe.apply(keyed("orders", "k1", "a"));
        dedupe.apply(keyed("orders", "k1", null));
        SourceRecord reinserted = keyed("orders", "k1", "b");

        assertSame(reinserted, dedupe.apply(reinserted));
    }

    @Test
    void failsOnValueThatIsNotConnectData() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of());
        SourceRecord odd = new SourceRecord(null, null, "orders", 0, null, "k1", null, new StringBuilder("x"));

        DataException e = assertThrows(DataException.class, () -> dedupe.apply(odd));

        assertEquals("Deduplicate: cannot compare the record value: java.lang.StringBuilder is not a Connect data "
            + "type", e.getMessage());
    }

    @Test
    void rejectsUnknownIdentity() {
        List<ConfigValue> results = Deduplicate.CONFIG_DEF.validate(Map.of("identity", "value"));

        assertEquals(List.of("Invalid value value for configuration identity: must be one of key+value, key"),
            results.stream().filter(v -> v.name().equals("identity")).findFirst().orElseThrow().errorMessages());
    }

    @Test
    void rejectsIdentityTogetherWithFields() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> dedupe(Map.of("identity", "key", "fields", "status")));

        assertEquals("Invalid value key for configuration identity: must not be set when fields is set: the listed "
            + "fields alone identify a record", e.getMessage());
    }

    @Test
    void passesRecordWithSameKeyAfterTtl() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("ttl.ms", "1000"));
        dedupe.apply(keyed("orders", "k1", "a"));
        clock.addAndGet(1000);
        SourceRecord again = keyed("orders", "k1", "a");

        assertSame(again, dedupe.apply(again));
    }

    @Test
    void doesNotExtendTtlWithDroppedDuplicates() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("ttl.ms", "1000"));
        dedupe.apply(keyed("orders", "k1", "a"));
        clock.addAndGet(600);
        assertNull(dedupe.apply(keyed("orders", "k1", "a")));
        clock.addAndGet(600);
        SourceRecord third = keyed("orders", "k1", "a");

        assertSame(third, dedupe.apply(third));
    }

    @Test
    void passesDifferentKeysAndSameKeyOnOtherTopic() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of());
        dedupe.apply(keyed("orders", "k1", "a"));
        SourceRecord otherKey = keyed("orders", "k2", "a");
        SourceRecord otherTopic = keyed("invoices", "k1", "a");

        assertSame(otherKey, dedupe.apply(otherKey));
        assertSame(otherTopic, dedupe.apply(otherTopic));
    }

    @Test
    void comparesStructKeyAndEquivalentMapKeyAlike() {
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of());
        dedupe.apply(new SourceRecord(null, null, "t", 0, keySchema, new Struct(keySchema).put("id", 7), null, "v"));

        assertNull(dedupe.apply(new SourceRecord(null, null, "t", 0, null, Map.of("id", 7L), null, "v")));
    }

    @Test
    void identifiesByChosenFieldsIncludingNested() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("fields", "customer.id,status"));
        dedupe.apply(record(ORDER, order(1L, "paid", 7L)));

        assertNull(dedupe.apply(record(ORDER, order(2L, "paid", 7L))));
        SourceRecord otherStatus = record(ORDER, order(3L, "shipped", 7L));
        assertSame(otherStatus, dedupe.apply(otherStatus));
    }

    @Test
    void identifiesSchemalessRecordsByFieldsLikeStructs() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("fields", "customer.id,status"));
        dedupe.apply(record(ORDER, order(1L, "paid", 7L)));
        Map<String, Object> schemaless = Map.of("id", 9L, "status", "paid", "customer", Map.of("id", 7L));

        assertNull(dedupe.apply(record(null, schemaless)));
    }

    @Test
    void treatsNullFieldUnderNullStructAsValue() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("fields", "customer.id"));
        dedupe.apply(record(ORDER, new Struct(ORDER).put("id", 1L).put("status", "a")));

        assertNull(dedupe.apply(record(ORDER, new Struct(ORDER).put("id", 2L).put("status", "b"))));
    }

    @Test
    void passesTombstonesAndForgetsTheirKey() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of());
        dedupe.apply(keyed("orders", "k1", "a"));
        SourceRecord tombstone = keyed("orders", "k1", null);
        SourceRecord reinserted = keyed("orders", "k1", "a");

        assertSame(tombstone, dedupe.apply(tombstone));
        assertSame(tombstone, dedupe.apply(tombstone));
        assertSame(reinserted, dedupe.apply(reinserted));
    }

    @ParameterizedTest
    @ValueSource(strings = {"key+value", "key"})
    void passesRecordsWithoutKey(String identity) {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("identity", identity));
        SourceRecord first = record(null, Map.of("id", 1L));
        SourceRecord second = record(null, Map.of("id", 1L));

        assertSame(first, dedupe.apply(first));
        assertSame(second, dedupe.apply(second));
    }

    @Test
    void forgetsOldestBeyondMaxEntries() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("cache.max.entries", "2"));
        dedupe.apply(keyed("t", "k1", "a"));
        dedupe.apply(keyed("t", "k2", "a"));
        dedupe.apply(keyed("t", "k3", "a"));
        SourceRecord evicted = keyed("t", "k1", "a");

        assertEquals(2, dedupe.size());
        assertNull(dedupe.apply(keyed("t", "k3", "a")));
        assertSame(evicted, dedupe.apply(evicted));
    }

    @Test
    void expiresEntriesAsTimePasses() {
        Deduplicate<SourceRecord> dedupe = dedupe(Map.of("ttl.ms", "100"));
        dedupe.apply(keyed("t", "k1", "a"));
        dedupe.apply(keyed("t", "k2", "a"));
        clock.addAndGet(100);
        dedupe.apply(keyed("t", "k3", "a"));

        assertEquals(1, dedupe.size());
    }

    @Test
    void failsOnFieldTheSchemaLacks() {
        DataException e = assertThrows(DataException.class,
            () -> dedupe(Map.of("fields", "region")).apply(record(ORDER, order(1L, "a", 7L))));

        assertEquals("Deduplicate: the record value schema STRUCT (Order) has no field 'region'", e.getMessage());
    }

    @Test
    void failsOnFieldTheMapLacks() {
        DataException e = assertThrows(DataException.class,
            () -> dedupe(Map.of("fields", "region")).apply(record(null, new HashMap<>(Map.of("id", 1L)))));

        assertEquals("Deduplicate: the record value has no field 'region'", e.getMessage());
    }

    @Test
    void failsOnValueThatIsNeitherStructNorMap() {
        DataException e = assertThrows(DataException.class,
            () -> dedupe(Map.of("fields", "id")).apply(record(Schema.STRING_SCHEMA, "text")));

        assertEquals("Deduplicate: the record value must be a Struct or a Map to read fields [id], but it is STRING",
            e.getMessage());
    }

    @Test
    void rejectsNonPositiveTtlAndCacheSize() {
        List<ConfigValue> results = Deduplicate.CONFIG_DEF.validate(Map.of("ttl.ms", "0", "cache.max.entries", "0"));

        assertEquals(List.of("Invalid value 0 for configuration ttl.ms: Value must be at least 1"),
            results.stream().filter(v -> v.name().equals("ttl.ms")).findFirst().orElseThrow().errorMessages());
        assertEquals(List.of("Invalid value 0 for configuration cache.max.entries: Value must be at least 1"),
            results.stream().filter(v -> v.name().equals("cache.max.entries")).findFirst().orElseThrow()
                .errorMessages());
    }

    @Test
    void rejectsBadFieldPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> dedupe(Map.of("fields", ".id")));

        assertEquals("Invalid value [.id] for configuration fields: field path '.id' has an empty segment",
            e.getMessage());
    }

    @Test
    void documentsEveryConfigKeyAndBestEffort() {
        Deduplicate.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
        assertEquals(true, Deduplicate.OVERVIEW_DOC.contains("Best-effort"));
    }

    @Test
    void worksWithTheWorkersClock() {
        Deduplicate<SourceRecord> dedupe = new Deduplicate<>();
        dedupe.configure(Map.of("ttl.ms", "3600000"));
        dedupe.apply(keyed("t", "k", "a"));

        assertNull(dedupe.apply(keyed("t", "k", "a")));
    }

    private Deduplicate<SourceRecord> dedupe(Map<String, String> config) {
        Deduplicate<SourceRecord> dedupe = new Deduplicate<>(clock::get);
        dedupe.configure(config);
        return dedupe;
    }

    private static Struct order(long id, String status, long customer) {
        return new Struct(ORDER).put("id", id).put("status", status)
            .put("customer", new Struct(CUSTOMER).put("id", customer));
    }

    private static SourceRecord keyed(String topic, String key, String value) {
        return new SourceRecord(null, null, topic, 0, Schema.STRING_SCHEMA, key, Schema.OPTIONAL_STRING_SCHEMA, value);
    }

    private static SourceRecord keyedOrder(Struct order) {
        return new SourceRecord(null, null, "orders", 0, Schema.STRING_SCHEMA, "k1", ORDER, order);
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "orders", 0, null, null, schema, value);
    }
}
