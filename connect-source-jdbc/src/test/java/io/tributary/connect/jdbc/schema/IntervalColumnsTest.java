package io.tributary.connect.jdbc.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

class IntervalColumnsTest {

    @Test
    void intervalBecomesAnIsoDurationWithMonthsAndDaysKeptApart() {
        assertEquals("P1Y2M3DT4H5M6.5S", IntervalColumns.iso(new PGInterval(1, 2, 3, 4, 5, 6.5)));
    }

    @Test
    void negativePartsAndZeroKeepTheirMeaning() {
        assertEquals("P-1DT-0.000001S", IntervalColumns.iso(new PGInterval(0, 0, -1, 0, 0, -0.000001)));
        assertEquals("PT0S", IntervalColumns.iso(new PGInterval(0, 0, 0, 0, 0, 0)));
    }
}
