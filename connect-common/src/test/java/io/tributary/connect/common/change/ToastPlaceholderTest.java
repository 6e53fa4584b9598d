package io.tributary.connect.common.change;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ToastPlaceholderTest {

    private static final String TEXT = ToastPlaceholder.DEBEZIUM_DEFAULT;
    private static final byte[] BYTES = TEXT.getBytes(StandardCharsets.UTF_8);

    private final ToastPlaceholder placeholder = new ToastPlaceholder(TEXT);

    @Test
    void matchesTextAndItsBase64AndHexForms() {
        assertTrue(placeholder.matches(TEXT));
        assertTrue(placeholder.matches(Base64.getEncoder().encodeToString(BYTES)));
        assertTrue(placeholder.matches(HexFormat.of().formatHex(BYTES)));
    }

    @Test
    void matchesBytesAsArrayAndBuffer() {
        assertTrue(placeholder.matches(BYTES.clone()));
        assertTrue(placeholder.matches(ByteBuffer.wrap(BYTES.clone())));
    }

    @Test
    void matchesOneElementArraysOfTextBytesOrNameBasedUuid() {
        assertTrue(placeholder.matches(List.of(TEXT)));
        assertTrue(placeholder.matches(List.of(BYTES.clone())));
        assertTrue(placeholder.matches(List.of(ByteBuffer.wrap(BYTES.clone()))));
        assertTrue(placeholder.matches(List.of(UUID.nameUUIDFromBytes(BYTES).toString())));
    }

    @Test
    void matchesArrayOfTheBytesAsIntegers() {
        List<Object> ints = new ArrayList<>();
        for (byte b : BYTES) {
            ints.add((int) b);
        }

        assertTrue(placeholder.matches(ints));
    }

    @Test
    void doesNotMatchArrayOfTheBytesAsFloatingPoint() {
        List<Object> doubles = new ArrayList<>();
        for (byte b : BYTES) {
            doubles.add((double) b);
        }

        assertFalse(placeholder.matches(doubles));
    }

    @Test
    void matchesOneEntryMapOfTheTextToItself() {
        assertTrue(placeholder.matches(Map.of(TEXT, TEXT)));
        assertFalse(placeholder.matches(Map.of(TEXT, "other")));
    }

    @Test
    void doesNotMatchOtherValues() {
        assertFalse(placeholder.matches("long text"));
        assertFalse(placeholder.matches(42));
        assertFalse(placeholder.matches(null));
        assertFalse(placeholder.matches(List.of(TEXT, TEXT)));
    }

    @Test
    void onlyTextBytesArrayAndMapFieldsCanHoldIt() {
        assertTrue(ToastPlaceholder.canHold(Schema.OPTIONAL_STRING_SCHEMA));
        assertTrue(ToastPlaceholder.canHold(Schema.OPTIONAL_BYTES_SCHEMA));
        assertTrue(ToastPlaceholder.canHold(SchemaBuilder.array(Schema.INT32_SCHEMA).build()));
        assertTrue(ToastPlaceholder.canHold(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build()));
        assertFalse(ToastPlaceholder.canHold(Schema.INT64_SCHEMA));
    }
}
