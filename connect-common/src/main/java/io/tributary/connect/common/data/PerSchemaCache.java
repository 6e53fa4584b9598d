package io.tributary.connect.common.data;

import java.util.function.Function;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Schema;

/**
 * What a plugin derives from a schema (output schemas, field index maps), computed once per schema.
 * Consecutive records nearly always share one schema instance, so an identity check on the last
 * hit answers most lookups without the lock or {@code Schema.hashCode()}, which walks every field.
 */
public final class PerSchemaCache<V> {

    private static final int CAPACITY = 16;

    private final Cache<Schema, V> cache = new SynchronizedCache<>(new LRUCache<>(CAPACITY));
    private final Function<Schema, V> derive;
    // racy on purpose: Hit is immutable, so a stale read only costs a trip to the synchronized cache
    private Hit<V> last;

    public PerSchemaCache(Function<Schema, V> derive) {
        this.derive = derive;
    }

    public V get(Schema schema) {
        Hit<V> hit = last;
        if (hit != null && hit.schema() == schema) {
            return hit.value();
        }
        V value = cache.get(schema);
        if (value == null) {
            value = derive.apply(schema);
            cache.put(schema, value);
        }
        last = new Hit<>(schema, value);
        return value;
    }

    private record Hit<V>(Schema schema, V value) {
    }
}
