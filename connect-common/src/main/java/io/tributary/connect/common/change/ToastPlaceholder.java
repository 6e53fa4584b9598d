package io.tributary.connect.common.change;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;

/**
 * Recognises the value Debezium's PostgreSQL connector puts in a column whose TOASTed value did not
 * change in an update: logical decoding does not send it, so the connector writes a placeholder instead.
 * The placeholder takes the column's type: the text itself; its UTF-8 bytes (as bytes, or base64 or hex
 * text under {@code binary.handling.mode}); a one-element array of the text, of the bytes or of the
 * name-based UUID of the bytes; an array of the bytes as integers; or a one-entry map of the text to itself.
 */
public final class ToastPlaceholder {

    /** The placeholder text Debezium writes unless its {@code unavailable.value.placeholder} says otherwise. */
    public static final String DEBEZIUM_DEFAULT = "__debezium_unavailable_value";

    private final String text;
    private final byte[] bytes;
    private final String base64;
    private final String hex;
    private final String uuid;

    ToastPlaceholder(String text) {
        this.text = text;
        // Debezium turns the configured text into bytes with the platform charset; UTF-8 is what workers run with
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        this.base64 = Base64.getEncoder().encodeToString(bytes);
        this.hex = HexFormat.of().formatHex(bytes);
        this.uuid = UUID.nameUUIDFromBytes(bytes).toString();
    }

    /** Whether a field of this schema can hold one of the placeholder's forms; decided once per schema. */
    static boolean canHold(Schema schema) {
        Schema.Type type = schema.type();
        return type == Schema.Type.STRING || type == Schema.Type.BYTES || type == Schema.Type.ARRAY
            || type == Schema.Type.MAP;
    }

    boolean matches(Object value) {
        if (value instanceof String string) {
            return string.equals(text) || string.equals(base64) || string.equals(hex);
        }
        if (value instanceof byte[] array) {
            return Arrays.equals(array, bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.equals(ByteBuffer.wrap(bytes));
        }
        if (value instanceof List<?> list) {
            return matchesArray(list);
        }
        if (value instanceof Map<?, ?> map) {
            return map.size() == 1 && text.equals(map.get(text));
        }
        return false;
    }

    private boolean matchesArray(List<?> list) {
        if (list.size() == 1) {
            Object element = list.get(0);
            return text.equals(element) || uuid.equals(element)
                || (element instanceof byte[] array && Arrays.equals(array, bytes))
                || (element instanceof ByteBuffer buffer && buffer.equals(ByteBuffer.wrap(bytes)));
        }
        if (list.size() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (!(list.get(i) instanceof Number number) || number.longValue() != bytes[i]
                || number instanceof Double || number instanceof Float) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
