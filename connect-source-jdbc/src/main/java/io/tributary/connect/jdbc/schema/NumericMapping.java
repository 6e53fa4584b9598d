package io.tributary.connect.jdbc.schema;

import io.tributary.connect.common.config.ConfigChoice;
import java.util.Locale;

/** How NUMERIC/DECIMAL columns become Connect types. */
public enum NumericMapping implements ConfigChoice {
    /** Always Connect's Decimal, exact. */
    NONE,
    /** Integers of the smallest fitting width for scale 0 and precision below 19; Decimal otherwise. */
    PRECISION_ONLY,
    /** Like precision_only, and FLOAT64 for a scale above 0 with precision below 19 or no declared precision. */
    BEST_FIT;

    @Override
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
