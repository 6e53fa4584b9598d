package io.tributary.connect.common.config;

/**
 * A reason a configuration cannot work, on the key a user should change. {@code transientFault} marks a
 * problem that may clear by itself (a server that did not answer): {@code validate()} reports it like any
 * other, while {@code start()} may leave it to the connector's own retries.
 */
public record ConfigProblem(String key, String message, boolean transientFault) {

    public ConfigProblem {
        if (key == null || key.isBlank() || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a config problem needs a key and a message");
        }
    }

    public static ConfigProblem of(String key, String message) {
        return new ConfigProblem(key, message, false);
    }

    /** A server that could not be reached or did not answer in time: may clear without a config change. */
    public static ConfigProblem unreachable(String key, String message) {
        return new ConfigProblem(key, message, true);
    }

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
