package io.tributary.connect.jdbc.dialect;

import java.time.Instant;

/**
 * What the database said about its writers at one moment.
 *
 * @param at             the database time, taken after the snapshot that {@code max} comes from
 * @param oldestInFlight start of the oldest other transaction then in flight; null when there was none
 * @param max            highest value of the sampled column visible at that moment; null for no rows
 */
public record WriterSample(Instant at, Instant oldestInFlight, Long max) {
}
