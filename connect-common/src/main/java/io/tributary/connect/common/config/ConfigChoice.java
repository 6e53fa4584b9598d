package io.tributary.connect.common.config;

/**
 * A value of an enumerated config key. Every enumerated key of every plugin is a Java enum implementing
 * this, read and validated through {@link Choices}: one spelling in configs and docs, matched ignoring case.
 */
public interface ConfigChoice {

    /** The value as written in configs and docs, e.g. {@code timestamp+incrementing}. */
    String configValue();
}
