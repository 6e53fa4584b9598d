package io.tributary.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class FieldPathValidatorTest {

    @Test
    void acceptsDottedPath() {
        assertDoesNotThrow(() -> FieldPathValidator.single().ensureValid("field", "customer.tier"));
    }

    @Test
    void rejectsPathWithEmptySegmentNamingKeyAndReason() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.single().ensureValid("field", "customer..tier"));

        assertEquals("Invalid value customer..tier for configuration field: field path 'customer..tier' has an "
            + "empty segment", e.getMessage());
    }

    @Test
    void rejectsBlankPathWhenOneIsRequired() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.single().ensureValid("field", " "));

        assertEquals("Invalid value   for configuration field: a field path must not be empty", e.getMessage());
    }

    @Test
    void acceptsBlankPathWhenEmptyHasMeaning() {
        assertDoesNotThrow(() -> FieldPathValidator.single().orEmptyFor("the whole value").ensureValid("field", ""));
    }

    @Test
    void rejectsNullPathEvenWhenEmptyHasMeaning() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.single().orEmptyFor("the whole value").ensureValid("field", null));

        assertEquals("Invalid value null for configuration field: must be a field path or empty, not null",
            e.getMessage());
    }

    @Test
    void rejectsEmptyListWhenPathsAreRequired() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.list().ensureValid("fields", List.of()));

        assertEquals("Invalid value [] for configuration fields: must list at least one field", e.getMessage());
    }

    @Test
    void acceptsEmptyListWhenEmptyHasMeaning() {
        assertDoesNotThrow(() -> FieldPathValidator.list().orEmptyFor("the key").ensureValid("fields", List.of()));
    }

    @Test
    void rejectsNullListEvenWhenEmptyHasMeaning() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.list().orEmptyFor("the key").ensureValid("fields", null));

        assertEquals("Invalid value null for configuration fields: must be a list of field paths, not null",
            e.getMessage());
    }

    @Test
    void rejectsBadPathInList() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.list().ensureValid("fields", List.of("id", "order.")));

        assertEquals("Invalid value [id, order.] for configuration fields: field path 'order.' has an empty segment",
            e.getMessage());
    }

    @Test
    void acceptsRepeatedPathUnlessDistinct() {
        assertDoesNotThrow(() -> FieldPathValidator.list().ensureValid("fields", List.of("id", "id")));
    }

    @Test
    void rejectsRepeatedPathWhenDistinct() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.list().distinct().ensureValid("fields", List.of("id", " id")));

        assertEquals("Invalid value [id,  id] for configuration fields: lists 'id' twice", e.getMessage());
    }

    @Test
    void rejectsRepeatedPathWhenDisjoint() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.list().disjoint().ensureValid("fields", List.of("a.b", "a.b")));

        assertEquals("Invalid value [a.b, a.b] for configuration fields: lists 'a.b' twice", e.getMessage());
    }

    @Test
    void rejectsPathInsideAnotherWhenDisjoint() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> FieldPathValidator.list().disjoint().ensureValid("fields", List.of("audit.at", "audit")));

        assertEquals("Invalid value [audit.at, audit] for configuration fields: 'audit' is inside or around another "
            + "listed field", e.getMessage());
    }

    @Test
    void rejectsPathsThatDeriveOneName() {
        ConfigException e = assertThrows(ConfigException.class, () -> FieldPathValidator.list()
            .distinctBy(path -> String.join("_", path.segments()), "key field")
            .ensureValid("fields", List.of("a.b", "a_b")));

        assertEquals("Invalid value [a.b, a_b] for configuration fields: 'a.b' and 'a_b' would both be key field "
            + "'a_b'", e.getMessage());
    }

    @Test
    void describesWhatItAcceptsForTheDocs() {
        assertEquals("a field name or dotted path", FieldPathValidator.single().toString());
        assertEquals("a field name or dotted path, or empty for the whole value",
            FieldPathValidator.single().orEmptyFor("the whole value").toString());
        assertEquals("non-empty list of field paths", FieldPathValidator.list().disjoint().toString());
        assertEquals("list of field paths, or empty for the key",
            FieldPathValidator.list().orEmptyFor("the key").toString());
    }
}
