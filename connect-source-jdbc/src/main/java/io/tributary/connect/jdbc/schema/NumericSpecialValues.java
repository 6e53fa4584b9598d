package io.tributary.connect.jdbc.schema;

import io.tributary.connect.common.config.ConfigChoice;
import java.util.Locale;

/**
 * What becomes of NaN, Infinity and -Infinity in a numeric column whose field is a Decimal or an integer, types
 * that have no such values. Fields that can carry them (float64 under best_fit, decimal text, arrays) keep them.
 */
public enum NumericSpecialValues implements ConfigChoice {
    /** Null, with one warning per column; a NOT NULL column's required field cannot be null, so the task fails. */
    NULL,
    /** The task fails at the first such value, naming table, column and value. */
    FAIL;

    @Override
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
