package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.jdbc.dialect.KeyBounds;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeCutterTest {

    @Test
    void emptyTableStaysWhole() {
        assertEquals(List.of(KeyRange.ALL), KeyRangeCutter.cut(KeyBounds.EMPTY, 4));
    }

    @Test
    void singleKeyStaysWhole() {
        assertEquals(List.of(KeyRange.ALL), KeyRangeCutter.cut(new KeyBounds(7L, 7L), 4));
    }

    @Test
    void onePartStaysWhole() {
        assertEquals(List.of(KeyRange.ALL), KeyRangeCutter.cut(new KeyBounds(1L, 3000L), 1));
    }

    @Test
    void evenSpanIsCutIntoEqualRangesOpenAtBothEnds() {
        assertEquals(List.of(new KeyRange(null, 1001L), new KeyRange(1001L, 2001L), new KeyRange(2001L, null)),
                KeyRangeCutter.cut(new KeyBounds(1L, 3000L), 3));
    }

    @Test
    void unevenSpanPutsTheRemainderInLaterRanges() {
        // keys 0..9 in 3 parts: cut at 0 + floor(10 / 3) = 3 and 0 + floor(20 / 3) = 6
        assertEquals(List.of(new KeyRange(null, 3L), new KeyRange(3L, 6L), new KeyRange(6L, null)),
                KeyRangeCutter.cut(new KeyBounds(0L, 9L), 3));
    }

    @Test
    void fewerKeysThanPartsGiveOneRangePerKey() {
        assertEquals(List.of(new KeyRange(null, 2L), new KeyRange(2L, null)),
                KeyRangeCutter.cut(new KeyBounds(1L, 2L), 5));
    }

    @Test
    void negativeKeysAreCutLikePositiveOnes() {
        assertEquals(List.of(new KeyRange(null, -5L), new KeyRange(-5L, 0L), new KeyRange(0L, null)),
                KeyRangeCutter.cut(new KeyBounds(-10L, 4L), 3));
    }

    @Test
    void fullLongSpanDoesNotOverflow() {
        // max - min + 1 = 2^64: the cuts land at -2^62, 0 and 2^62
        assertEquals(List.of(new KeyRange(null, -(1L << 62)), new KeyRange(-(1L << 62), 0L), new KeyRange(0L, 1L << 62),
                        new KeyRange(1L << 62, null)),
                KeyRangeCutter.cut(new KeyBounds(Long.MIN_VALUE, Long.MAX_VALUE), 4));
    }

    @Test
    void rangesNearTheTopOfLongStayInsideIt() {
        assertEquals(List.of(new KeyRange(null, Long.MAX_VALUE - 1), new KeyRange(Long.MAX_VALUE - 1, Long.MAX_VALUE),
                        new KeyRange(Long.MAX_VALUE, null)),
                KeyRangeCutter.cut(new KeyBounds(Long.MAX_VALUE - 2, Long.MAX_VALUE), 3));
    }

    @Test
    void conditionsUseTheQuotedColumnAndLeaveOpenEndsOut() {
        List<KeyRange> ranges = KeyRangeCutter.cut(new KeyBounds(-10L, 4L), 3);

        assertEquals(List.of("\"id\" < -5", "\"id\" >= -5 AND \"id\" < 0", "\"id\" >= 0"),
                ranges.stream().map(range -> range.condition("\"id\"")).toList());
        assertEquals(List.of("..-5", "-5..0", "0.."), ranges.stream().map(KeyRange::label).toList());
    }
}
