package io.tributary.connect.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void replacesEverySecretWithOnePlaceholder() {
        assertEquals("login [hidden] failed for [hidden], [hidden]",
                Redaction.redact("login p4ss failed for k3y, p4ss", "p4ss", null, "", "k3y"));
        assertNull(Redaction.redact(null, "x"));
    }

    @Test
    void cutsAJdbcUrlBeforeItsParameters() {
        assertEquals("jdbc:postgresql://db/shop", Redaction.safeUrl("jdbc:postgresql://db/shop?password=x"));
        assertEquals("jdbc:sqlserver://db", Redaction.safeUrl("jdbc:sqlserver://db;password=x;user=y"));
        assertEquals("jdbc:postgresql://db/shop", Redaction.safeUrl("jdbc:postgresql://db/shop"));
    }
}
