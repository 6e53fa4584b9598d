package io.tributary.connect.jdbc;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A worker that has stored no offsets, for tests that drive a task themselves. */
final class NoOffsets implements SourceTaskContext {

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("no metrics in this test");
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return null;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                return Map.of();
            }
        };
    }
}
