package io.tributary.connect.jdbc.schema;

import java.time.ZoneId;

/** The user's choices that change how columns map. */
public record MappingOptions(NumericMapping numericMapping, ZoneId dbTimeZone,
                             NumericSpecialValues numericSpecialValues) {

    public MappingOptions(NumericMapping numericMapping, ZoneId dbTimeZone) {
        this(numericMapping, dbTimeZone, NumericSpecialValues.NULL);
    }
}
