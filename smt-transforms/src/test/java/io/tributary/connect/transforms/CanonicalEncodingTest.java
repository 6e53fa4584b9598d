package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

    @Test
    void encodesStringAsTagLengthAndUtf8() {
        assertArrayEquals(new byte[] {0x04, 0, 0, 0, 2, (byte) 0xC3, (byte) 0xA9}, encode("\u00e9"));
    }

    @Test
    void encodesEveryIntegerWidthAlike() {
        byte[] expected = {0x02, 0, 0, 0, 0, 0, 0, 0, 7};

        assertArrayEquals(expected, encode((byte) 7));
        assertArrayEquals(expected, encode((short) 7));
        assertArrayEquals(expected, encode(7));
        assertArrayEquals(expected, encode(7L));
    }

    @Test
    void encodesNegativeZeroLikeZero() {
        assertArrayEquals(encode(0.0d), encode(-0.0d));
    }

    @Test
    void encodesFloatLikeTheEqualDouble() {
        assertArrayEquals(encode(1.5d), encode(1.5f));
    }

    @Test
    void ignoresTrailingDecimalZeros() {
        assertArrayEquals(encode(new BigDecimal("1.5")), encode(new BigDecimal("1.500")));
    }

    @Test
    void encodesByteBufferLikeByteArrayWithoutMovingIt() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});

        assertArrayEquals(encode(new byte[] {1, 2, 3}), encode(buffer));
        assertEquals(0, buffer.position());
    }

    @Test
    void encodesMapRegardlessOfEntryOrder() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);

        assertArrayEquals(encode(ab), encode(ba));
    }

    @Test
    void encodesStructLikeMapOfItsFields() {
        Schema schema = SchemaBuilder.struct().field("z", Schema.STRING_SCHEMA).field("a", Schema.INT64_SCHEMA).build();

        assertArrayEquals(encode(Map.of("a", 1L, "z", "x")), encode(new Struct(schema).put("z", "x").put("a", 1L)));
    }

    @Test
    void keepsArrayOrder() {
        assertFalse(Arrays.equals(encode(List.of(1, 2)), encode(List.of(2, 1))));
    }

    @Test
    void distinguishesNullFromEmptyString() {
        assertFalse(Arrays.equals(encode(null), encode("")));
    }

    @Test
    void rejectsNonConnectType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encode('c'));

        assertEquals("java.lang.Character is not a Connect data type", e.getMessage());
    }

    private static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CanonicalEncoding.write(value, out);
        return out.toByteArray();
    }
}
