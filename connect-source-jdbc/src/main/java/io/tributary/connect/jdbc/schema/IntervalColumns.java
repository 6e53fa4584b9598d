package io.tributary.connect.jdbc.schema;

import java.math.BigDecimal;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.util.PGInterval;

/**
 * PostgreSQL intervals as ISO-8601 durations. Months and days stay separate fields, because a month is
 * no fixed number of seconds; a count of microseconds would have to guess.
 */
final class IntervalColumns {

    private IntervalColumns() {
    }

    static ColumnMapping map(boolean optional) {
        return new ColumnMapping(Readers.named(SchemaBuilder.string(), SchemaNames.INTERVAL, optional), (rs, i) -> {
            Object value = rs.getObject(i);
            return value == null ? null : iso((PGInterval) value);
        });
    }

    static String iso(PGInterval interval) {
        StringBuilder text = new StringBuilder("P");
        appendPart(text, interval.getYears(), 'Y');
        appendPart(text, interval.getMonths(), 'M');
        appendPart(text, interval.getDays(), 'D');
        BigDecimal seconds = BigDecimal.valueOf(interval.getWholeSeconds())
                .add(BigDecimal.valueOf(interval.getMicroSeconds(), 6)).stripTrailingZeros();
        boolean hasTime = interval.getHours() != 0 || interval.getMinutes() != 0 || seconds.signum() != 0;
        if (hasTime) {
            text.append('T');
            appendPart(text, interval.getHours(), 'H');
            appendPart(text, interval.getMinutes(), 'M');
            if (seconds.signum() != 0) {
                text.append(seconds.toPlainString()).append('S');
            }
        }
        return text.length() == 1 ? "PT0S" : text.toString();
    }

    private static void appendPart(StringBuilder text, int amount, char unit) {
        if (amount != 0) {
            text.append(amount).append(unit);
        }
    }
}
