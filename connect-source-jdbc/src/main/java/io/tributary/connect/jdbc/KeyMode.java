package io.tributary.connect.jdbc;

import java.util.Locale;

/** What becomes the record key. */
public enum KeyMode {
    /** The table's primary key: the bare value for a one-column key, a Struct otherwise; null without a key. */
    PRIMARY_KEY,
    /** No key, as Confluent's connector does. */
    NONE;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KeyMode fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
