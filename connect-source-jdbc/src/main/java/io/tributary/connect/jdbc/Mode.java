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

    /**
     * Whether each record's offset names exactly the rows up to and including it, so that with exactly-once source
     * delivery a restart resumes after the last committed record, repeating nothing: only the modes with an
     * incrementing column.
     */
    public boolean isExactlyOnce() {
        return usesIncrementing;
    }

    /** Why this mode cannot deliver exactly once; null where it can. */
    public String whyNotExactlyOnce() {
        return switch (this) {
            case BULK -> "bulk mode has no offset, so a task restarted in the middle of a pass reads the table from "
                    + "its start again and writes the rows of that pass it had already committed once more";
            case TIMESTAMP -> "rows sharing a timestamp share an offset, so a task restarted in the middle of such a "
                    + "group reads the whole group again and writes the rows of it it had already committed once more";
            case INCREMENTING, TIMESTAMP_INCREMENTING -> null;
        };
    }
}
