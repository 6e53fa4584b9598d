package io.tributary.connect.jdbc;

import io.tributary.connect.common.config.ConfigChoice;
import java.util.Locale;

/** What becomes the record key. */
public enum KeyMode implements ConfigChoice {
    /** The table's primary key: the bare value for a one-column key, a Struct otherwise; null without a key. */
    PRIMARY_KEY,
    /** No key, as Confluent's connector does. */
    NONE;

    @Override
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
