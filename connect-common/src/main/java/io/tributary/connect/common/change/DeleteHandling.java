package io.tributary.connect.common.change;

/** What a delete event ({@code op} = {@code d}) becomes. */
public enum DeleteHandling {
    /** A record with the same key and a null value, which compaction and sinks treat as a delete. */
    TOMBSTONE,
    /** The {@code before} row, flagged deleted; every other row carries the flag too, set to false. */
    REWRITE,
    /** No record. */
    DROP
}
