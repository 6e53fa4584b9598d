package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class OperationIsTest {

    @Test
    void matchesEnvelopeOperationInSet() {
        OperationIs<SourceRecord> predicate = predicate("c,u");

        assertTrue(predicate.test(UnwrapTest.record(UnwrapTest.event("c", null, UnwrapTest.row(1, "Ada")))));
        assertTrue(predicate.test(UnwrapTest.record(UnwrapTest.event("u", null, UnwrapTest.row(1, "Ada")))));
        assertFalse(predicate.test(UnwrapTest.record(UnwrapTest.event("d", UnwrapTest.row(1, "Ada"), null))));
    }

    @Test
    void matchesSchemalessEnvelope() {
        OperationIs<SourceRecord> predicate = predicate("d");

        assertTrue(predicate.test(UnwrapTest.record(null, UnwrapTest.mapEvent("d", UnwrapTest.mapRow(1, "A"), null))));
        assertFalse(predicate.test(UnwrapTest.record(null, UnwrapTest.mapEvent("r", null, UnwrapTest.mapRow(1, "A")))));
    }

    @Test
    void matchesRowFieldWrittenByUnwrap() {
        Unwrap<SourceRecord> unwrap = UnwrapTest.unwrap(Map.of("add.fields", "op"));
        SourceRecord row = unwrap.apply(UnwrapTest.record(UnwrapTest.event("u", null, UnwrapTest.row(1, "Ada"))));
        SourceRecord map = unwrap.apply(
            UnwrapTest.record(null, UnwrapTest.mapEvent("c", null, UnwrapTest.mapRow(1, "A"))));

        assertTrue(predicate("u").test(row));
        assertFalse(predicate("c").test(row));
        assertTrue(predicate("c").test(map));
    }

    @Test
    void matchesHeaderOfTombstoneWrittenByUnwrap() {
        SourceRecord tombstone = UnwrapTest.unwrap(Map.of("add.headers", "op"))
            .apply(UnwrapTest.record(UnwrapTest.event("d", UnwrapTest.row(1, "Ada"), null)));

        assertTrue(predicate("d").test(tombstone));
        assertFalse(predicate("c,u").test(tombstone));
    }

    @Test
    void isFalseForTombstoneWithoutHeader() {
        assertFalse(predicate("d").test(UnwrapTest.record(null, null)));
    }

    @Test
    void isFalseForRowWithoutOperation() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();

        assertFalse(predicate("c").test(UnwrapTest.record(schema, new Struct(schema).put("id", 1))));
        assertFalse(predicate("c").test(UnwrapTest.record(null, Map.of("id", 1))));
    }

    @Test
    void readsConfiguredRowField() {
        Map<String, Object> row = Map.of("id", 1, "cdc_op", "u");

        assertTrue(predicate(Map.of("operations", "u", "row.field", "cdc_op")).test(UnwrapTest.record(null, row)));
    }

    @Test
    void readsKeyRecordsAlike() {
        // a predicate sees whole records; the key plays no part, so a key-only change still tests by value
        SourceRecord record = new SourceRecord(null, null, "t", 0, Schema.STRING_SCHEMA, "k", null,
            Map.of("__op", "r"));

        assertTrue(predicate("r").test(record));
    }

    @Test
    void failsOnOperationOfWrongType() {
        DataException e = assertThrows(DataException.class,
            () -> predicate("c").test(UnwrapTest.record(null, Map.of("__op", 1))));

        assertEquals("OperationIs: field '__op' holds the operation and must be a string, but it is INT32",
            e.getMessage());
    }

    @Test
    void failsOnValueThatIsNeitherStructNorMap() {
        DataException e = assertThrows(DataException.class,
            () -> predicate("c").test(UnwrapTest.record(Schema.STRING_SCHEMA, "x")));

        assertEquals("OperationIs: the record value must be a Struct or a Map, but it is STRING", e.getMessage());
    }

    @Test
    void rejectsUnknownOperationCode() {
        List<ConfigValue> results = OperationIs.CONFIG_DEF.validate(Map.of("operations", "c,x"));
        ConfigValue operations = results.stream().filter(v -> v.name().equals("operations")).findFirst().orElseThrow();

        assertEquals(List.of("Invalid value [c, x] for configuration operations: 'x' is not an operation; use c, r, u, "
            + "d, t, m"), operations.errorMessages());
    }

    @Test
    void rejectsMissingOperations() {
        assertThrows(ConfigException.class, () -> predicate(Map.of()));
        assertThrows(ConfigException.class, () -> predicate(""));
    }

    @Test
    void documentsEveryConfigKey() {
        OperationIs.CONFIG_DEF.configKeys().values()
            .forEach(key -> assertFalse(key.documentation == null || key.documentation.isBlank(), key.name));
    }

    private static OperationIs<SourceRecord> predicate(String operations) {
        return predicate(Map.of("operations", operations));
    }

    private static OperationIs<SourceRecord> predicate(Map<String, String> config) {
        OperationIs<SourceRecord> predicate = new OperationIs<>();
        predicate.configure(config);
        return predicate;
    }
}
