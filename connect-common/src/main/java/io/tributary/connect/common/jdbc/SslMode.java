package io.tributary.connect.common.jdbc;

import io.tributary.connect.common.config.ConfigChoice;

/** PostgreSQL's {@code sslmode}, with the driver's spelling. */
public enum SslMode implements ConfigChoice {
    DISABLE("disable"),
    ALLOW("allow"),
    PREFER("prefer"),
    REQUIRE("require"),
    VERIFY_CA("verify-ca"),
    VERIFY_FULL("verify-full");

    private final String configValue;

    SslMode(String configValue) {
        this.configValue = configValue;
    }

    @Override
    public String configValue() {
        return configValue;
    }
}
