package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.FieldPathValidator;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.Schemas;
import io.tributary.connect.common.data.TypeNames;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Sets the record key from fields of the value, so that records about one entity land in one partition
 * and compaction keeps the latest of each. With a hash, the key is a fixed-length token that is the same
 * on every worker and every run.
 */
public class DeriveKey<R extends ConnectRecord<R>> extends VersionedPlugin implements Transformation<R> {

    public static final String OVERVIEW_DOC = "Replaces the record key with fields of the record value, with or "
        + "without a schema: one field becomes the key as it is, several become a Struct (a Map without a "
        + "schema), and <code>hash=sha256</code> makes either a hex SHA-256 string. "
        + "Tombstones (null values) keep their key.";

    public static final String FIELDS_CONFIG = "fields";
    public static final String HASH_CONFIG = "hash";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELDS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
            FieldPathValidator.list().distinct().distinctBy(DeriveKey::keyName, "key field"),
            ConfigDef.Importance.HIGH,
            "The value fields that make up the key, as a comma-separated list of field names or dotted paths "
                + "into nested Structs or Maps (<code>customer.id</code>). With one field the key is that "
                + "field's value, with its schema. With several the key is a Struct (a Map for schemaless "
                + "records) with one field per path, named after the path with dots replaced by underscores "
                + "(<code>customer_id</code>), in the order listed. A field missing from the value fails the "
                + "record; a null field, or a field under a null Struct, gives a null key part.")
        .define(HASH_CONFIG, ConfigDef.Type.STRING, Hash.NONE.configValue(), Choices.validator(Hash.class),
            ConfigDef.Importance.MEDIUM,
            "<code>none</code> keeps the field values as the key. <code>sha256</code> replaces them with the "
                + "lower-case hex SHA-256 of a canonical encoding of the values, in the order listed: a "
                + "64-character string key that is the same on every JVM and whether or not the record has a "
                + "schema. Integer widths do not change it (INT32 7 and INT64 7 hash alike), nor do trailing "
                + "decimal zeros or the order of map entries.");

    private static final String NAME = "DeriveKey";

    private List<FieldPath> paths;
    private String[] keyNames;
    private boolean hash;
    private PerSchemaCache<Plan> plans;
    private ThreadLocal<Hasher> hashers;

    public DeriveKey() {
        super(CONFIG_DEF);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        paths = config.getList(FIELDS_CONFIG).stream().map(FieldPath::parse).toList();
        keyNames = paths.stream().map(DeriveKey::keyName).toArray(String[]::new);
        hash = Choices.parse(Hash.class, HASH_CONFIG, config.getString(HASH_CONFIG)) == Hash.SHA256;
        plans = new PerSchemaCache<>(this::planFor);
        hashers = ThreadLocal.withInitial(Hasher::new);
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return record;
        }
        Schema schema = record.valueSchema();
        if (schema == null) {
            if (!(value instanceof Map<?, ?>)) {
                throw new DataException(NAME + ": the record value has no schema, so it must be a Map, but it is "
                    + TypeNames.of(value));
            }
            return RecordPart.KEY.replace(record, null, schemalessKey(value));
        }
        if (schema.type() != Schema.Type.STRUCT || !(value instanceof Struct struct)) {
            throw new DataException(NAME + ": the record value must be a Struct, but its schema is "
                + TypeNames.of(schema) + " and its value is " + TypeNames.of(value));
        }
        Plan plan = plans.get(schema);
        Field[][] chains = plan.chains();
        if (hash) {
            Object[] parts = new Object[chains.length];
            for (int i = 0; i < chains.length; i++) {
                parts[i] = FieldPath.valueAt(struct, chains[i]);
            }
            return RecordPart.KEY.replace(record, Schema.STRING_SCHEMA, sha256(parts));
        }
        if (chains.length == 1) {
            return RecordPart.KEY.replace(record, plan.keySchema(), FieldPath.valueAt(struct, chains[0]));
        }
        Struct key = new Struct(plan.keySchema());
        Field[] keyFields = plan.keyFields();
        for (int i = 0; i < chains.length; i++) {
            key.put(keyFields[i], FieldPath.valueAt(struct, chains[i]));
        }
        return RecordPart.KEY.replace(record, plan.keySchema(), key);
    }

    private Object schemalessKey(Object value) {
        int count = paths.size();
        Object[] parts = new Object[count];
        for (int i = 0; i < count; i++) {
            Object part = paths.get(i).resolve(value, NAME);
            if (part == FieldPath.ABSENT) {
                throw new DataException(NAME + ": the record value has no field '" + paths.get(i) + "'");
            }
            parts[i] = part;
        }
        if (hash) {
            return sha256(parts);
        }
        if (count == 1) {
            return parts[0];
        }
        Map<String, Object> key = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            key.put(keyNames[i], parts[i]);
        }
        return key;
    }

    private String sha256(Object[] parts) {
        Hasher hasher = hashers.get();
        hasher.buffer.reset();
        for (int i = 0; i < parts.length; i++) {
            try {
                CanonicalEncoding.write(parts[i], hasher.buffer);
            } catch (IllegalArgumentException e) {
                throw new DataException(NAME + ": cannot hash field '" + paths.get(i) + "': " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(hasher.digest.digest(hasher.buffer.toByteArray()));
    }

    private Plan planFor(Schema schema) {
        Field[][] chains = new Field[paths.size()][];
        Schema[] partSchemas = new Schema[paths.size()];
        for (int i = 0; i < chains.length; i++) {
            FieldPath path = paths.get(i);
            Field[] chain = path.fieldsIn(schema, NAME);
            if (chain == null) {
                throw new DataException(NAME + ": the record value schema " + TypeNames.of(schema)
                    + " has no field '" + path + "'; its fields are "
                    + schema.fields().stream().map(Field::name).toList());
            }
            chains[i] = chain;
            partSchemas[i] = partSchema(chain);
        }
        if (hash) {
            return new Plan(chains, Schema.STRING_SCHEMA, null);
        }
        if (chains.length == 1) {
            return new Plan(chains, partSchemas[0], null);
        }
        SchemaBuilder builder = SchemaBuilder.struct();
        for (int i = 0; i < chains.length; i++) {
            builder.field(keyNames[i], partSchemas[i]);
        }
        Schema keySchema = builder.build();
        return new Plan(chains, keySchema, keySchema.fields().toArray(new Field[0]));
    }

    // a field under an optional Struct is null whenever that Struct is, so the key part must allow null
    private static Schema partSchema(Field[] chain) {
        Schema leaf = chain[chain.length - 1].schema();
        for (int i = 0; i < chain.length - 1; i++) {
            if (chain[i].schema().isOptional()) {
                return Schemas.optional(leaf);
            }
        }
        return leaf;
    }

    private static String keyName(FieldPath path) {
        return String.join("_", path.segments());
    }

    @Override
    public void close() {
        if (hashers != null) {
            hashers.remove();
        }
    }

    /** What {@code hash} accepts: the field values as they are, or their SHA-256. */
    enum Hash implements ConfigChoice {
        NONE, SHA256;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** Per value schema: the field chains to read, the key schema and, for a Struct key, its fields. */
    private record Plan(Field[][] chains, Schema keySchema, Field[] keyFields) {
    }

    // MessageDigest is stateful; one per thread, reused with its buffer, keeps allocation and locks off the hot path
    private static final class Hasher {
        final MessageDigest digest;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);

        Hasher() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM has no SHA-256", e);
            }
        }
    }
}
