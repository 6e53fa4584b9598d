package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.jdbc.dialect.KeyBounds;
import java.util.List;
import java.util.stream.LongStream;
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
    void sampleOfTwoFarApartRunsPutsAsManyKeysInEveryRange() {
        // ids 1..10000 and, after a migration, 10^12+1..10^12+10000: equal widths would put every row in the
        // first and the last of four ranges
        long[] sample = LongStream.concat(LongStream.rangeClosed(1, 10_000),
                LongStream.rangeClosed(1_000_000_000_001L, 1_000_000_010_000L)).toArray();
        shuffle(sample);
        KeyBounds bounds = new KeyBounds(1L, 1_000_000_010_000L);

        List<KeyRange> ranges = KeyRangeCutter.cutBy(bounds, 4, sample).ranges();

        assertEquals(List.of(new KeyRange(null, 5_001L), new KeyRange(5_001L, 1_000_000_000_001L),
                new KeyRange(1_000_000_000_001L, 1_000_000_005_001L), new KeyRange(1_000_000_005_001L, null)), ranges);
        assertEquals(List.of(5_000L, 5_000L, 5_000L, 5_000L), counts(ranges, sample));
        assertEquals("cut at the quantiles of a sample of 20,000 keys",
                KeyRangeCutter.cutBy(bounds, 4, sample).how());
        assertEquals(List.of(new KeyRange(null, 250_000_002_501L), new KeyRange(250_000_002_501L, 500_000_005_001L),
                        new KeyRange(500_000_005_001L, 750_000_007_501L), new KeyRange(750_000_007_501L, null)),
                KeyRangeCutter.cut(bounds, 4), "the same bounds by width");
    }

    @Test
    void aSampleTooSmallForThePartsCutsByWidth() {
        long[] sample = LongStream.rangeClosed(1, 4 * KeyRangeCutter.SAMPLE_PER_RANGE - 1).toArray();

        assertEquals(KeyRangeCutter.cut(new KeyBounds(1L, 3000L), 4),
                KeyRangeCutter.cutBy(new KeyBounds(1L, 3000L), 4, sample).ranges());
        assertEquals("of equal width", KeyRangeCutter.cutBy(new KeyBounds(1L, 3000L), 4, sample).how());
        assertEquals(KeyRangeCutter.cut(new KeyBounds(1L, 3000L), 4),
                KeyRangeCutter.cutBy(new KeyBounds(1L, 3000L), 4, new long[0]).ranges());
    }

    @Test
    void evenlySpreadKeysKeepRangesOfEqualWidth() {
        // a dense sequence sampled page by page: runs of ~180 ids from random places; quantiles of the sample would
        // only add its error, equal widths are exact
        java.util.Random random = new java.util.Random(11);
        long[] sample = LongStream.range(0, 300).flatMap(page -> {
            long first = 1 + random.nextInt(300_000 - 180);
            return LongStream.range(first, first + 180);
        }).toArray();
        KeyBounds bounds = new KeyBounds(1L, 300_000L);

        assertEquals(KeyRangeCutter.cut(bounds, 3), KeyRangeCutter.cutBy(bounds, 3, sample).ranges());
        assertEquals("of equal width: a sample of 54,000 keys finds them evenly spread",
                KeyRangeCutter.cutBy(bounds, 3, sample).how());
    }

    @Test
    void oneEqualRangeWithTooFewKeysIsEnoughToCutAtQuantiles() {
        // ids 1..3000 and 4501..6000: the middle range of three by width (2001..4001) holds 1,000 of the 4,500,
        // two thirds of its share, the first 2,000 (1.33 of it); the quantile cuts give 1,500 each
        long[] sample = LongStream.concat(LongStream.rangeClosed(1, 3000), LongStream.rangeClosed(4501, 6000))
                .toArray();
        KeyBounds bounds = new KeyBounds(1L, 6000L);

        assertEquals(List.of(new KeyRange(null, 1501L), new KeyRange(1501L, 4501L), new KeyRange(4501L, null)),
                KeyRangeCutter.cutBy(bounds, 3, sample).ranges());
    }

    @Test
    void repeatedSampledKeysGiveFewerRangesNeverAnEmptyCut() {
        // most sampled rows hold 5: the quantile cuts at 5 collapse into one, and none is at or below the minimum
        long[] sample = new long[100];
        java.util.Arrays.fill(sample, 5);
        sample[0] = 1;
        sample[99] = 9;

        List<KeyRange> ranges = KeyRangeCutter.cutBy(new KeyBounds(1L, 9L), 4, sample).ranges();

        assertEquals(List.of(new KeyRange(null, 5L), new KeyRange(5L, null)), ranges);
    }

    @Test
    void sampledKeysOutsideTheBoundsAreNotCutAt() {
        // keys written after the bounds were read (above 1000) are sampled too; a cut there would leave a range
        // above the highest key the plan covers
        long[] sample = LongStream.concat(LongStream.rangeClosed(1, 300), LongStream.rangeClosed(5_001, 5_100))
                .toArray();

        List<KeyRange> ranges = KeyRangeCutter.cutBy(new KeyBounds(1L, 1000L), 4, sample).ranges();

        assertEquals(List.of(new KeyRange(null, 101L), new KeyRange(101L, 201L), new KeyRange(201L, null)), ranges);
    }

    @Test
    void sampleCutsAtTheLowestKeyAreLeftOut() {
        // half the sample is the lowest key: a cut there would leave the first range empty
        long[] sample = LongStream.concat(LongStream.generate(() -> -7).limit(100), LongStream.rangeClosed(1, 100))
                .toArray();

        List<KeyRange> ranges = KeyRangeCutter.cutBy(new KeyBounds(-7L, 100L), 4, sample).ranges();

        assertEquals(List.of(new KeyRange(null, 1L), new KeyRange(1L, 51L), new KeyRange(51L, null)), ranges);
    }

    @Test
    void conditionsUseTheQuotedColumnAndLeaveOpenEndsOut() {
        List<KeyRange> ranges = KeyRangeCutter.cut(new KeyBounds(-10L, 4L), 3);

        assertEquals(List.of("\"id\" < -5", "\"id\" >= -5 AND \"id\" < 0", "\"id\" >= 0"),
                ranges.stream().map(range -> range.condition("\"id\"")).toList());
        assertEquals(List.of("..-5", "-5..0", "0.."), ranges.stream().map(KeyRange::label).toList());
    }

    private static void shuffle(long[] values) {
        java.util.Random random = new java.util.Random(7);
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** How many of the keys each range holds, by the ranges' own bounds. */
    private static List<Long> counts(List<KeyRange> ranges, long[] keys) {
        return ranges.stream().map(range -> LongStream.of(keys).filter(key -> (range.from() == null
                || key >= range.from()) && (range.to() == null || key < range.to())).count()).toList();
    }
}
