package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
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
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Drops a record when an equal one passed within the last {@code ttl.ms}: by default the same topic, key
 * and value as the latest record that passed for that key; or the same topic and key; or the same chosen
 * value fields. The memory is a bounded cache inside one transform instance, so this is best-effort: it
 * never sees other tasks' records, and forgets on restart, rebalance and eviction.
 *
 * <p>Connect calls a task's transforms from that task's thread only, so the cache is a plain map.
 */
public class Deduplicate<R extends ConnectRecord<R>> extends VersionedPlugin implements Transformation<R> {

    public static final String OVERVIEW_DOC = "Drops a record that repeats one that passed less than "
        + "<code>ttl.ms</code> ago, with or without a schema. By default a repeat has the same topic, key and "
        + "value as the latest record that passed for its key, so an update of a row always passes; "
        + "<code>identity=key</code> compares topic and key only, <code>fields</code> topic and chosen value "
        + "fields only. Best-effort: each task remembers only its own records, in a bounded cache that is lost "
        + "on restart and rebalance, so duplicates across tasks, after a restart or after eviction still pass; "
        + "use it to thin out repeats, and keep sinks idempotent. Tombstones always pass and make the key "
        + "forgotten, so a delete and a re-insert are not taken for duplicates.";

    public static final String IDENTITY_CONFIG = "identity";
    public static final String FIELDS_CONFIG = "fields";
    public static final String TTL_MS_CONFIG = "ttl.ms";
    public static final String CACHE_MAX_ENTRIES_CONFIG = "cache.max.entries";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(IDENTITY_CONFIG, ConfigDef.Type.STRING, IdentityMode.KEY_AND_VALUE.configValue(),
            Choices.validator(IdentityMode.class), ConfigDef.Importance.HIGH,
            "What makes a record a duplicate when <code>" + FIELDS_CONFIG + "</code> is empty. "
                + "<code>key+value</code> (the default): its key and its whole value equal those of the latest "
                + "record that passed for that key; an update (same key, another value) passes and is what later "
                + "records of the key are compared with, so a change back to an earlier value passes too. "
                + "<code>key</code>: drops any record whose key was seen within <code>ttl.ms</code>, even with a "
                + "different value, so updates inside the TTL are lost; use it only where a key's records never "
                + "change. Either way records with a null key always pass, and keys and values compare by "
                + "content: the same data with or without a schema, and integers of any width, are equal. Must "
                + "not be set together with <code>" + FIELDS_CONFIG + "</code>.")
        .define(FIELDS_CONFIG, ConfigDef.Type.LIST, List.of(),
            FieldPathValidator.list().orEmptyFor(IDENTITY_CONFIG), ConfigDef.Importance.HIGH,
            "The value fields whose values alone identify a record, as names or dotted paths (<code>order.id,"
                + "status</code>): two records of a topic that agree on them are duplicates whatever their keys "
                + "and other fields hold; a field the value lacks fails the record. Values compare by content: "
                + "the same data with or without a schema, and integers of any width, are equal. Empty (the "
                + "default): <code>" + IDENTITY_CONFIG + "</code> decides.")
        .define(TTL_MS_CONFIG, ConfigDef.Type.LONG, 300_000L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.HIGH,
            "How long, in milliseconds of the worker's clock, a passed record makes equal ones duplicates. "
                + "Dropped duplicates do not extend it.")
        .define(CACHE_MAX_ENTRIES_CONFIG, ConfigDef.Type.INT, 100_000, ConfigDef.Range.atLeast(1),
            ConfigDef.Importance.MEDIUM,
            "How many identities (keys, or field combinations) each task remembers; past it the oldest are "
                + "forgotten. Each takes about 120 bytes of heap whatever the size of the record, as only a "
                + "128-bit digest of the key, value or fields is kept.");

    private static final String NAME = "Deduplicate";

    private final LongSupplier clockMillis;
    private List<FieldPath> paths;
    // whether the value takes part: then the cache holds the digest of the value that passed last per key
    private boolean compareValues;
    private long ttlMillis;
    private Map<Identity, Passed> seen;
    private PerSchemaCache<Field[][]> chains;
    private MessageDigest digest;
    private final EncodingBuffer buffer = new EncodingBuffer();

    public Deduplicate() {
        // monotonic: a wall clock stepped back would make old records look fresh
        this(Time.SYSTEM::hiResClockMs);
    }

    Deduplicate(LongSupplier clockMillis) {
        super(CONFIG_DEF);
        this.clockMillis = clockMillis;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        paths = config.getList(FIELDS_CONFIG).stream().map(FieldPath::parse).toList();
        IdentityMode mode = Choices.parse(IdentityMode.class, IDENTITY_CONFIG, config.getString(IDENTITY_CONFIG));
        if (!paths.isEmpty() && props.containsKey(IDENTITY_CONFIG)) {
            throw new ConfigException(IDENTITY_CONFIG, props.get(IDENTITY_CONFIG), "must not be set when "
                + FIELDS_CONFIG + " is set: the listed fields alone identify a record");
        }
        compareValues = paths.isEmpty() && mode == IdentityMode.KEY_AND_VALUE;
        ttlMillis = config.getLong(TTL_MS_CONFIG);
        int maxEntries = config.getInt(CACHE_MAX_ENTRIES_CONFIG);
        seen = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 4 / 3 + 1) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Identity, Passed> eldest) {
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
        Identity value = compareValues ? valueDigest(record.value()) : Identity.NONE;
        Passed passed = seen.get(identity);
        if (passed != null && now - passed.atMillis() < ttlMillis && passed.isValue(value)) {
            return null;
        }
        // re-inserted so that insertion order stays the order of passing, which expire() relies on
        seen.remove(identity);
        seen.put(identity, new Passed(now, value.high(), value.low()));
        return record;
    }

    private void expire(long now) {
        Iterator<Passed> oldest = seen.values().iterator();
        while (oldest.hasNext() && now - oldest.next().atMillis() >= ttlMillis) {
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
        return digestOfBuffer();
    }

    private Identity valueDigest(Object value) {
        buffer.reset();
        try {
            CanonicalEncoding.write(value, buffer);
        } catch (IllegalArgumentException e) {
            throw new DataException(NAME + ": cannot compare the record value: " + e.getMessage(), e);
        }
        return digestOfBuffer();
    }

    private Identity digestOfBuffer() {
        buffer.updateDigest(digest);
        buffer.shrink();
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
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

    /** What {@code identity} accepts: what makes a record a duplicate when no fields are chosen. */
    enum IdentityMode implements ConfigChoice {
        KEY_AND_VALUE("key+value"), KEY("key");

        private final String configValue;

        IdentityMode(String configValue) {
            this.configValue = configValue;
        }

        @Override
        public String configValue() {
            return configValue;
        }
    }

    private record Identity(long high, long low) {
        // stands for the value where values are not compared
        static final Identity NONE = new Identity(0L, 0L);
    }

    /** When a record with some identity last passed, and the digest of its value where values are compared. */
    private record Passed(long atMillis, long valueHigh, long valueLow) {

        boolean isValue(Identity value) {
            return valueHigh == value.high() && valueLow == value.low();
        }
    }

    /** The encoding buffer, hashed in place; it does not keep the memory of one huge record for good. */
    private static final class EncodingBuffer extends ByteArrayOutputStream {

        private static final int INITIAL = 256;
        private static final int KEEP_AT_MOST = 64 * 1024;

        EncodingBuffer() {
            super(INITIAL);
        }

        void updateDigest(MessageDigest digest) {
            digest.update(buf, 0, count);
        }

        void shrink() {
            if (buf.length > KEEP_AT_MOST) {
                buf = new byte[INITIAL];
                count = 0;
            }
        }
    }
}
