package io.tributary.connect.transforms;

import io.tributary.connect.common.Version;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;

/**
 * What every transform and predicate of this module shares: it reports the project version and the
 * {@code CONFIG_DEF} it is configured by, and holds nothing to release unless it overrides {@link #close()}.
 */
abstract class VersionedPlugin implements Versioned {

    private final ConfigDef configDef;

    VersionedPlugin(ConfigDef configDef) {
        this.configDef = configDef;
    }

    public ConfigDef config() {
        return configDef;
    }

    @Override
    public String version() {
        return Version.get();
    }

    public void close() {
    }
}
