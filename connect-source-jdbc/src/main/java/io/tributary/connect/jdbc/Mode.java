package io.tributary.connect.jdbc;

import java.util.Arrays;
import java.util.Locale;

/** How a table or query is read: in full each time, or from where the last poll stopped. */
public enum Mode {
    BULK("bulk", false, false),
    INCREMENTING("incrementing", true, false),
    TIMESTAMP("timestamp", false, true),
    TIMESTAMP_INCREMENTING("timestamp+incrementing", true, true);

    private final String configValue;
    private final boolean usesIncrementing;
    private final boolean usesTimestamp;

    Mode(String configValue, boolean usesIncrementing, boolean usesTimestamp) {
        this.configValue = configValue;
        this.usesIncrementing = usesIncrementing;
        this.usesTimestamp = usesTimestamp;
    }

    public String configValue() {
        return configValue;
    }

    public boolean usesIncrementing() {
        return usesIncrementing;
    }

    public boolean usesTimestamp() {
        return usesTimestamp;
    }

    public static String[] configValues() {
        return Arrays.stream(values()).map(Mode::configValue).toArray(String[]::new);
    }

    public static Mode fromConfig(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (Mode mode : values()) {
            if (mode.configValue.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "'; expected one of " + String.join(", ", configValues()));
    }
}
