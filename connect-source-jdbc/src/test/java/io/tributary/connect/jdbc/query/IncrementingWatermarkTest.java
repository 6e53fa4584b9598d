package io.tributary.connect.jdbc.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.connect.jdbc.dialect.WriterSample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncrementingWatermarkTest {

    private static Instant at(int second) {
        return Instant.ofEpochSecond(second);
    }

    @Test
    void withNoTransactionInFlightEveryVisibleIdIsSafe() {
        assertEquals(10L, new IncrementingWatermark().advance(new WriterSample(at(1), null, 10L)));
    }

    @Test
    void anOpenTransactionHoldsTheWatermarkAtTheLastSampleTakenBeforeItBegan() {
        IncrementingWatermark watermark = new IncrementingWatermark();
        watermark.advance(new WriterSample(at(1), null, 10L));
        watermark.advance(new WriterSample(at(3), null, 12L));

        assertEquals(12L, watermark.advance(new WriterSample(at(5), at(4), 20L)));
        assertEquals(12L, watermark.advance(new WriterSample(at(7), at(4), 25L)));
        assertEquals(25L, watermark.advance(new WriterSample(at(9), null, 25L)));
    }

    @Test
    void noIdIsSafeWhenTheTransactionBeganBeforeEverySample() {
        assertNull(new IncrementingWatermark().advance(new WriterSample(at(5), at(1), 20L)));
    }
}
