package io.tributary.connect.cdc;

/** A reason a config cannot work, reported by {@code validate()} on the key a user should change. */
public record ConfigProblem(String key, String message) {
}
