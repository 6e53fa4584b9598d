package io.tributary.connect.transforms;

import io.tributary.connect.common.config.FieldPathValidator;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.TypeNames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Drops a record when an equal one (same topic and key, or same chosen value fields) passed within the
 * last {@code ttl.ms}. The memory is a bounded cache inside one transform instance, so this is best-effort:
 * it never sees other tasks' records, and forgets on restart, rebalance and eviction.
 *
 * <p>Connect calls a task's transforms from that task's thread only, so the cache is a plain map.
 */
public class Deduplicate<R extends ConnectRecord<R>> extends VersionedPlugin implements Transformation<R> {

    public static final String OVERVIEW_DOC = "Drops a record whose topic and key, or topic and chosen value fields, "
        + "equal those of a record that passed less than <code>ttl.ms</code> ago, with or without a schema. "
        + "Best-effort: each task remembers only its own records, in a bounded cache that is lost on restart "
        + "and rebalance, so duplicates across tasks, after a restart or after eviction still pass; use it to "
        + "thin out repeats, and keep sinks idempotent. Tombstones always pass and make the key forgotten, so "
        + "a delete and a re-insert are not taken for duplicates.";

    public static final String FIELDS_CONFIG = "fields";
    public static final String TTL_MS_CONFIG = "ttl.ms";
    public static final String CACHE_MAX_ENTRIES_CONFIG = "cache.max.entries";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELDS_CONFIG, ConfigDef.Type.LIST, List.of(), FieldPathValidator.list().orEmptyFor("the key"),
            ConfigDef.Importance.HIGH,
            "The value fields whose values identify a record, as names or dotted paths (<code>order.id,status"
                + "</code>); a field the value lacks fails the record. Empty (the default): the record key "
                + "identifies it, and records with a null key always pass. Values compare by content: the same "
                + "data with or without a schema, and integers of any width, are equal.")
        .define(TTL_MS_CONFIG, ConfigDef.Type.LONG, 300_000L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.HIGH,
            "How long, in milliseconds of the worker's clock, a passed record makes equal ones duplicates. "
                + "Dropped duplicates do not extend it.")
        .define(CACHE_MAX_ENTRIES_CONFIG, ConfigDef.Type.INT, 100_000, ConfigDef.Range.atLeast(1),
            ConfigDef.Importance.MEDIUM,
            "How many identities each task remembers; past it the oldest are forgotten. Each takes about "
                + "100 bytes of heap.");

    private static final String NAME = "Deduplicate";

    private final LongSupplier clockMillis;
    private List<FieldPath> paths;
    private long ttlMillis;
    private Map<Identity, Long> seen;
    private PerSchemaCache<Field[][]> chains;
    private MessageDigest digest;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);

    public Deduplicate() {
        // monotonic: a wall clock stepped back would make old records look fresh
        this(() -> System.nanoTime() / 1_000_000L);
    }

    Deduplicate(LongSupplier clockMillis) {
        super(CONFIG_DEF);
        this.clockMillis = clockMillis;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        paths = config.getList(FIELDS_CONFIG).stream().map(FieldPath::parse).toList();
        ttlMillis = config.getLong(TTL_MS_CONFIG);
        int maxEntries = config.getInt(CACHE_MAX_ENTRIES_CONFIG);
        seen = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 4 / 3 + 1) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Identity, Long> eldest) {
                return size() > maxEntries;
            }
        };
        chains = new PerSchemaCache<>(this::chainsFor);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public R apply(R record) {
        long now = clockMillis.getAsLong();
        expire(now);
        if (record.value() == null) {
            if (paths.isEmpty() && record.key() != null) {
                seen.remove(identity(record.topic(), new Object[] {record.key()}));
            }
            return record;
        }
        Object[] parts;
        if (paths.isEmpty()) {
            if (record.key() == null) {
                return record;
            }
            parts = new Object[] {record.key()};
        } else {
            parts = fieldValues(record.value());
        }
        Identity identity = identity(record.topic(), parts);
        Long passed = seen.get(identity);
        if (passed != null && now - passed < ttlMillis) {
            return null;
        }
        // re-inserted so that insertion order stays the order of passing, which expire() relies on
        seen.remove(identity);
        seen.put(identity, now);
        return record;
    }

    private void expire(long now) {
        Iterator<Long> oldest = seen.values().iterator();
        while (oldest.hasNext() && now - oldest.next() >= ttlMillis) {
            oldest.remove();
        }
    }

    private Object[] fieldValues(Object value) {
        Object[] parts = new Object[paths.size()];
        if (value instanceof Struct struct) {
            Field[][] chain = chains.get(struct.schema());
            for (int i = 0; i < parts.length; i++) {
                parts[i] = FieldPath.valueAt(struct, chain[i]);
            }
        } else if (value instanceof Map<?, ?>) {
            for (int i = 0; i < parts.length; i++) {
                Object part = paths.get(i).resolve(value, NAME);
                if (part == FieldPath.ABSENT) {
                    throw new DataException(NAME + ": the record value has no field '" + paths.get(i) + "'");
                }
                parts[i] = part;
            }
        } else {
            throw new DataException(NAME + ": the record value must be a Struct or a Map to read fields "
                + paths + ", but it is " + TypeNames.of(value));
        }
        return parts;
    }

    private Field[][] chainsFor(Schema schema) {
        Field[][] result = new Field[paths.size()][];
        for (int i = 0; i < result.length; i++) {
            result[i] = paths.get(i).fieldsIn(schema, NAME);
            if (result[i] == null) {
                throw new DataException(NAME + ": the record value schema " + TypeNames.of(schema)
                    + " has no field '" + paths.get(i) + "'");
            }
        }
        return result;
    }

    // a 128-bit digest instead of the values themselves keeps every entry small, whatever the record holds
    private Identity identity(String topic, Object[] parts) {
        buffer.reset();
        try {
            CanonicalEncoding.write(topic, buffer);
            for (int i = 0; i < parts.length; i++) {
                CanonicalEncoding.write(parts[i], buffer);
            }
        } catch (IllegalArgumentException e) {
            throw new DataException(NAME + ": cannot compare "
                + (paths.isEmpty() ? "the record key" : "fields " + paths) + ": " + e.getMessage(), e);
        }
        ByteBuffer hash = ByteBuffer.wrap(digest.digest(buffer.toByteArray()));
        return new Identity(hash.getLong(), hash.getLong());
    }

    /** How many identities are remembered now. */
    int size() {
        return seen.size();
    }

    @Override
    public void close() {
        if (seen != null) {
            seen.clear();
        }
    }

    private record Identity(long high, long low) {
    }
}
