package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PostgresExtensionTest {

    @Test
    void databaseNamesAreValidIdentifiersAndNeverRepeat() {
        String first = PostgresExtension.databaseName(PostgresExtensionTest.class);
        String second = PostgresExtension.databaseName(PostgresExtensionTest.class);

        assertTrue(first.matches("[a-z][a-z0-9_]*"), first);
        assertTrue(first.startsWith("postgresextensiontest_"), first);
        assertNotEquals(first, second);
    }
}
