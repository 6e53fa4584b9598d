package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.Schemas;
import io.tributary.connect.common.data.TypeNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Renames, keeps and drops the top-level fields of a record's key or value: explicit renames, a case
 * convention for the rest, and include/exclude lists. Use {@link Key} or {@link Value}.
 */
public abstract class RenameFields<R extends ConnectRecord<R>> extends KeyOrValueTransformation<R> {

    public static final String OVERVIEW_DOC = "Renames the top-level fields of the record key ("
        + "<code>" + "io.tributary.connect.transforms.RenameFields$Key</code>) or value (<code>"
        + "io.tributary.connect.transforms.RenameFields$Value</code>), with or without a schema: explicit "
        + "renames, a case convention for every other field, and lists of fields to keep or drop. "
        + "Tombstones pass through unchanged.";

    public static final String RENAMES_CONFIG = "renames";
    public static final String CASE_CONFIG = "case";
    public static final String INCLUDE_CONFIG = "include";
    public static final String EXCLUDE_CONFIG = "exclude";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(RENAMES_CONFIG, ConfigDef.Type.LIST, List.of(), new RenamesValidator(),
            ConfigDef.Importance.MEDIUM,
            "Explicit renames as a comma-separated list of <code>from:to</code> pairs, e.g. "
                + "<code>CUST_NM:customerName,ADDR1:street</code>. An explicit rename wins over "
                + "<code>" + CASE_CONFIG + "</code>. Names that the record does not have are ignored.")
        .define(CASE_CONFIG, ConfigDef.Type.STRING, NameCase.NONE.configValue(),
            Choices.validator(NameCase.class), ConfigDef.Importance.MEDIUM,
            "The case convention applied to every kept field without an explicit rename. "
                + "<code>snake_to_camel</code> lower-cases the words first, so legacy <code>CUST_NM</code> "
                + "becomes <code>custNm</code>; a name without underscores that already has lower-case "
                + "letters is left as it is, and leading or trailing underscores are kept. "
                + "<code>camel_to_snake</code> turns <code>customerID</code> into <code>customer_id</code>. "
                + "<code>lower</code> and <code>upper</code> change the case of the whole name.")
        .define(INCLUDE_CONFIG, ConfigDef.Type.LIST, List.of(), new FieldNamesValidator(),
            ConfigDef.Importance.MEDIUM,
            "Fields to keep, by their original names; every other field is dropped. "
                + "Empty (the default) keeps every field.")
        .define(EXCLUDE_CONFIG, ConfigDef.Type.LIST, List.of(), new FieldNamesValidator(),
            ConfigDef.Importance.MEDIUM,
            "Fields to drop, by their original names. A field cannot be both included and excluded.");

    private static final String NAME = "RenameFields";
    // the name cache for schemaless records grows with the distinct keys seen; past this it stops caching
    private static final int MAX_CACHED_NAMES = 4096;
    // marks a dropped field in the name cache, which cannot hold null
    private static final String DROPPED = new String("\0dropped");

    private Map<String, String> renames;
    private NameCase nameCase;
    private Set<String> include;
    private Set<String> exclude;
    private PerSchemaCache<StructMapping> mappings;
    private ConcurrentHashMap<String, String> schemalessNames;

    RenameFields(RecordPart part) {
        super(NAME, CONFIG_DEF, part);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        renames = parseRenames(config.getList(RENAMES_CONFIG));
        nameCase = Choices.parse(NameCase.class, CASE_CONFIG, config.getString(CASE_CONFIG));
        include = Set.copyOf(config.getList(INCLUDE_CONFIG));
        exclude = Set.copyOf(config.getList(EXCLUDE_CONFIG));
        Set<String> both = new HashSet<>(include);
        both.retainAll(exclude);
        if (!both.isEmpty()) {
            throw new ConfigException(EXCLUDE_CONFIG, config.getList(EXCLUDE_CONFIG),
                "lists fields that '" + INCLUDE_CONFIG + "' also lists: " + both);
        }
        mappings = new PerSchemaCache<>(this::mappingFor);
        schemalessNames = new ConcurrentHashMap<>();
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> map) {
        return newRecord(record, null, renameMap(map));
    }

    @Override
    protected R applyWithSchema(R record, Struct struct, Schema schema) {
        StructMapping mapping = mappings.get(schema);
        Struct renamed = new Struct(mapping.schema());
        Field[] from = mapping.from();
        Field[] to = mapping.to();
        for (int i = 0; i < from.length; i++) {
            renamed.put(to[i], struct.get(from[i]));
        }
        return newRecord(record, mapping.schema(), renamed);
    }

    /** The output name of {@code name}, or {@code null} when the field is dropped. */
    String outputName(String name) {
        if ((!include.isEmpty() && !include.contains(name)) || exclude.contains(name)) {
            return null;
        }
        String explicit = renames.get(name);
        return explicit != null ? explicit : nameCase.apply(name);
    }

    private StructMapping mappingFor(Schema schema) {
        SchemaBuilder builder = Schemas.structLike(schema);
        List<Field> fields = schema.fields();
        Field[] kept = new Field[fields.size()];
        Map<String, String> sources = new HashMap<>();
        int count = 0;
        for (Field field : fields) {
            String name = outputName(field.name());
            if (name == null) {
                continue;
            }
            String clash = sources.put(name, field.name());
            if (clash != null) {
                throw collision(clash, field.name(), name);
            }
            builder.field(name, field.schema());
            kept[count++] = field;
        }
        Schema renamed = builder.build();
        Field[] from = new Field[count];
        System.arraycopy(kept, 0, from, 0, count);
        return new StructMapping(renamed, from, renamed.fields().toArray(new Field[0]));
    }

    private Map<String, Object> renameMap(Map<?, ?> map) {
        Map<String, Object> renamed = new LinkedHashMap<>(Math.max(16, map.size() * 4 / 3 + 1));
        int kept = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new DataException(NAME + ": the record " + part() + " is a Map whose keys must be strings, "
                    + "but key '" + entry.getKey() + "' is " + TypeNames.of(entry.getKey()));
            }
            String name = schemalessName(key);
            if (name != DROPPED) {
                renamed.put(name, entry.getValue());
                kept++;
            }
        }
        if (renamed.size() != kept) {
            throw collisionIn(map);
        }
        return renamed;
    }

    // schemaless records repeat the same few keys, so the case conversion is done once per key
    private String schemalessName(String key) {
        String cached = schemalessNames.get(key);
        if (cached != null) {
            return cached;
        }
        String name = outputName(key);
        String decided = name == null ? DROPPED : name;
        if (schemalessNames.size() < MAX_CACHED_NAMES) {
            schemalessNames.put(key, decided);
        }
        return decided;
    }

    private DataException collisionIn(Map<?, ?> map) {
        Map<String, String> sources = new HashMap<>();
        for (Object key : map.keySet()) {
            String name = outputName((String) key);
            if (name != null) {
                String clash = sources.put(name, (String) key);
                if (clash != null) {
                    return collision(clash, (String) key, name);
                }
            }
        }
        return new DataException(NAME + ": two fields of the record " + part() + " were renamed to one name");
    }

    private DataException collision(String first, String second, String name) {
        return new DataException(NAME + ": fields '" + first + "' and '" + second + "' of the record " + part()
            + " would both be renamed to '" + name + "'; add an explicit rename or exclude one of them");
    }

    private static Map<String, String> parseRenames(List<String> pairs) {
        Map<String, String> parsed = new HashMap<>();
        for (String pair : pairs) {
            int colon = pair.indexOf(':');
            parsed.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        return Map.copyOf(parsed);
    }

    private record StructMapping(Schema schema, Field[] from, Field[] to) {
    }

    /** Renames the fields of the record key. */
    public static class Key<R extends ConnectRecord<R>> extends RenameFields<R> {
        public Key() {
            super(RecordPart.KEY);
        }
    }

    /** Renames the fields of the record value. */
    public static class Value<R extends ConnectRecord<R>> extends RenameFields<R> {
        public Value() {
            super(RecordPart.VALUE);
        }
    }

    private static final class RenamesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be a list of from:to pairs, not null");
            }
            Set<String> sources = new HashSet<>();
            Map<String, String> targets = new HashMap<>();
            for (Object item : (List<?>) value) {
                String pair = String.valueOf(item);
                int colon = pair.indexOf(':');
                if (colon < 0 || pair.indexOf(':', colon + 1) >= 0) {
                    throw new ConfigException(name, value, "entry '" + pair + "' is not a from:to pair");
                }
                String from = pair.substring(0, colon).trim();
                String to = pair.substring(colon + 1).trim();
                if (from.isEmpty() || to.isEmpty()) {
                    throw new ConfigException(name, value, "entry '" + pair + "' has an empty field name");
                }
                if (!sources.add(from)) {
                    throw new ConfigException(name, value, "renames '" + from + "' more than once");
                }
                String other = targets.put(to, from);
                if (other != null) {
                    throw new ConfigException(name, value,
                        "renames both '" + other + "' and '" + from + "' to '" + to + "'");
                }
            }
        }

        @Override
        public String toString() {
            return "list of from:to pairs";
        }
    }

    private static final class FieldNamesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be a list of field names, not null");
            }
            for (Object item : (List<?>) value) {
                if (String.valueOf(item).isBlank()) {
                    throw new ConfigException(name, value, "contains an empty field name");
                }
            }
        }

        @Override
        public String toString() {
            return "list of field names";
        }
    }
}
