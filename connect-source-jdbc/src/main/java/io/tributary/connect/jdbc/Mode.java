package io.tributary.connect.jdbc;

import io.tributary.connect.common.config.ConfigChoice;

/** How a table or query is read: in full each time, or from where the last poll stopped. */
public enum Mode implements ConfigChoice {
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

    @Override
    public String configValue() {
        return configValue;
    }

    public boolean usesIncrementing() {
        return usesIncrementing;
    }

    public boolean usesTimestamp() {
        return usesTimestamp;
    }
}
