package io.tributary.connect.transforms;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;


/**
 * Hides sensitive fields of a record's key or value, each with its own rule, in nested Structs and Maps
 * alike. The schema never changes: every rule keeps the field's type. Use {@link Key} or {@link Value}.
 */
public abstract class Mask<R extends ConnectRecord<R>> extends KeyOrValueTransformation<R> {

    public static final String OVERVIEW_DOC = "Masks fields of the record key (<code>"
        + "io.tributary.connect.transforms.Mask$Key</code>) or value (<code>"
        + "io.tributary.connect.transforms.Mask$Value</code>), with or without a schema, keeping every "
        + "field's type so the schema is unchanged. Tombstones pass through unchanged.";

    public static final String FIELDS_CONFIG = "fields";
    public static final String HASH_SECRET_CONFIG = "hash.secret";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELDS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new RulesValidator(),
            ConfigDef.Importance.HIGH,
            "The fields to mask, as a comma-separated list of <code>path:rule</code> entries, e.g. "
                + "<code>ssn:hash,card.number:keep-last:4,email:regex:^[^@]+=***</code>. "
                + "A path is a field name or a dotted path into nested Structs or Maps "
                + "(<code>customer.address.street</code>); a path the record lacks is skipped, a null value "
                + "stays null. Rules: <code>redact</code> replaces any value with the empty value of its "
                + "type (0, false, empty string, bytes, array or map, the epoch for dates and times, and a "
                + "Struct of empty values); <code>hash</code> replaces a string with the hex HMAC-SHA256 of it "
                + "keyed with <code>" + HASH_SECRET_CONFIG + "</code>, so equal inputs give equal tokens and "
                + "stay joinable; <code>keep-last:N</code> replaces every character of a string but the last N "
                + "with <code>*</code>; <code>regex:&lt;pattern&gt;=&lt;replacement&gt;</code> replaces "
                + "every match in a string, with Java regex syntax and <code>$1</code> group references. "
                + "The last <code>=</code> separates pattern and replacement, and since entries are "
                + "separated by commas, neither can contain a comma.")
        .define(HASH_SECRET_CONFIG, ConfigDef.Type.PASSWORD, null, new SecretValidator(),
            ConfigDef.Importance.HIGH,
            "The key of the HMAC-SHA256 used by <code>hash</code> rules; required when "
                + "<code>" + FIELDS_CONFIG + "</code> has one. Keep it secret and keep it stable: anyone "
                + "holding it can test guesses against tokens, and changing it changes every token.");

    private static final String NAME = "Mask";

    private Node root;
    private HmacSha256 hmac;
    private PerSchemaCache<StructPlan> plans;

    Mask(RecordPart part) {
        super(part);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        List<String> entries = config.getList(FIELDS_CONFIG);
        root = Node.parse(entries);
        Password secret = config.getPassword(HASH_SECRET_CONFIG);
        String hashEntry = root.firstNeedingSecret("");
        if (hashEntry != null && secret == null) {
            throw new ConfigException(HASH_SECRET_CONFIG, null,
                "is required because " + FIELDS_CONFIG + " has the hash rule '" + hashEntry + "'");
        }
        hmac = secret == null ? null : new HmacSha256(secret.value());
        plans = new PerSchemaCache<>(schema -> StructPlan.of(schema, root, ""));
    }

    @Override
    public R apply(R record) {
        Object value = operatingValue(record);
        if (value == null) {
            return record;
        }
        Schema schema = operatingSchema(record);
        if (schema == null) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new DataException(NAME + ": the record " + part() + " has no schema, so it must be a Map, "
                    + "but it is " + TypeNames.of(value));
            }
            Map<?, ?> masked = maskMap(map, root, null);
            return masked == map ? record : newRecord(record, null, masked);
        }
        if (schema.type() != Schema.Type.STRUCT || !(value instanceof Struct struct)) {
            throw new DataException(NAME + ": the record " + part() + " must be a Struct, but its schema is "
                + TypeNames.of(schema) + " and its value is " + TypeNames.of(value));
        }
        StructPlan plan = plans.get(schema);
        if (plan.isEmpty()) {
            return record;
        }
        return newRecord(record, schema, maskStruct(struct, plan));
    }

    private Struct maskStruct(Struct struct, StructPlan plan) {
        Struct masked = new Struct(struct.schema());
        Field[] fields = plan.fields;
        Object[] actions = plan.actions;
        for (int i = 0; i < fields.length; i++) {
            Field field = fields[i];
            Object value = struct.get(field);
            Object action = actions[i];
            if (action != null && value != null) {
                value = act(action, value, field.schema(), plan.paths[i]);
            }
            masked.put(field, value);
        }
        return masked;
    }

    private Object act(Object action, Object value, Schema schema, String path) {
        if (action instanceof MaskRule rule) {
            return rule.mask(value, schema, hmac, NAME, path);
        }
        if (action instanceof StructPlan nested) {
            return maskStruct((Struct) value, nested);
        }
        return maskMap((Map<?, ?>) value, (Node) action, schema.valueSchema());
    }

    private Map<?, ?> maskMap(Map<?, ?> map, Node node, Schema valueSchema) {
        // copied only once something is masked: the input belongs to the caller and must not change
        Map<Object, Object> masked = null;
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            Object value = map.get(child.getKey());
            if (value == null) {
                continue;
            }
            Node target = child.getValue();
            String path = target.path;
            Object replacement;
            if (target.rule != null) {
                replacement = target.rule.mask(value, valueSchema, hmac, NAME, path);
            } else if (value instanceof Map<?, ?> nested) {
                replacement = maskMap(nested, target,
                    valueSchema != null && valueSchema.type() == Schema.Type.MAP ? valueSchema.valueSchema() : null);
            } else if (value instanceof Struct struct) {
                // a Struct inside a schemaless Map is rare enough not to deserve a cache
                replacement = maskStruct(struct, StructPlan.of(struct.schema(), target, path));
            } else {
                throw new DataException(NAME + ": cannot mask inside field '" + path + "' because it is "
                    + TypeNames.of(value) + ", not a Struct or a Map");
            }
            if (masked == null) {
                // a HashMap copies faster than an ordered map, and a schemaless value has no field order to keep
                masked = new HashMap<>(map);
            }
            masked.put(child.getKey(), replacement);
        }
        return masked != null ? masked : map;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
        if (hmac != null) {
            hmac.release();
        }
    }

    /** The configured paths as a tree: a node has either a rule (a leaf) or children. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        // the dotted path from the root, built once here rather than for every record
        final String path;
        MaskRule rule;

        Node(String path) {
            this.path = path;
        }

        /** @throws IllegalArgumentException naming the entry and the reason */
        static Node parse(List<String> entries) {
            Node root = new Node("");
            for (String entry : entries) {
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("entry '" + entry + "' is not path:rule (rules: "
                        + MaskRule.SYNTAX + "; entries are separated by commas, so a regex cannot contain one)");
                }
                FieldPath path;
                MaskRule rule;
                try {
                    path = FieldPath.parse(entry.substring(0, colon));
                    rule = MaskRule.parse(entry.substring(colon + 1).trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("entry '" + entry + "': " + e.getMessage(), e);
                }
                root.add(path, rule, entry);
            }
            return root;
        }

        private void add(FieldPath path, MaskRule rule, String entry) {
            Node node = this;
            for (String segment : path.segments()) {
                if (node.rule != null) {
                    throw overlap(entry);
                }
                String parent = node.path;
                node = node.children.computeIfAbsent(segment, s -> new Node(parent.isEmpty() ? s : parent + "." + s));
            }
            if (node.rule != null || !node.children.isEmpty()) {
                throw overlap(entry);
            }
            node.rule = rule;
        }

        private static IllegalArgumentException overlap(String entry) {
            return new IllegalArgumentException("entry '" + entry + "' masks a field that another entry "
                + "already masks, or a parent or child of it");
        }

        /** The first {@code path:rule} that needs the secret, or {@code null}. */
        String firstNeedingSecret(String prefix) {
            for (Map.Entry<String, Node> child : children.entrySet()) {
                String path = prefix.isEmpty() ? child.getKey() : prefix + "." + child.getKey();
                Node node = child.getValue();
                if (node.rule != null && node.rule.needsSecret()) {
                    return path + ":" + node.rule;
                }
                String nested = node.firstNeedingSecret(path);
                if (nested != null) {
                    return nested;
                }
            }
            return null;
        }
    }

    /**
     * What to do with each field of one Struct schema: {@code null} copies it, a {@link MaskRule} masks it,
     * a nested plan descends into a Struct, a {@link Node} into a Map.
     */
    private static final class StructPlan {
        final Field[] fields;
        final Object[] actions;
        final String[] paths;

        private StructPlan(Field[] fields, Object[] actions, String[] paths) {
            this.fields = fields;
            this.actions = actions;
            this.paths = paths;
        }

        static StructPlan of(Schema schema, Node node, String prefix) {
            Field[] fields = schema.fields().toArray(new Field[0]);
            Object[] actions = new Object[fields.length];
            String[] paths = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                Field field = fields[i];
                Node target = node.children.get(field.name());
                if (target == null) {
                    continue;
                }
                String path = prefix.isEmpty() ? field.name() : prefix + "." + field.name();
                paths[i] = path;
                Schema.Type type = field.schema().type();
                if (target.rule != null) {
                    target.rule.checkSchema(field.schema(), NAME, path);
                    actions[i] = target.rule;
                } else if (type == Schema.Type.STRUCT) {
                    StructPlan nested = of(field.schema(), target, path);
                    actions[i] = nested.isEmpty() ? null : nested;
                } else if (type == Schema.Type.MAP) {
                    actions[i] = target;
                } else {
                    throw new DataException(NAME + ": cannot mask inside field '" + path + "' because it is "
                        + TypeNames.of(field.schema()) + ", not a Struct or a Map");
                }
            }
            return new StructPlan(fields, actions, paths);
        }

        boolean isEmpty() {
            for (Object action : actions) {
                if (action != null) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Masks fields of the record key. */
    public static class Key<R extends ConnectRecord<R>> extends Mask<R> {
        public Key() {
            super(RecordPart.KEY);
        }
    }

    /** Masks fields of the record value. */
    public static class Value<R extends ConnectRecord<R>> extends Mask<R> {
        public Value() {
            super(RecordPart.VALUE);
        }
    }

    private static final class RulesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must list at least one path:rule entry");
            }
            List<?> entries = (List<?>) value;
            if (entries.isEmpty()) {
                throw new ConfigException(name, value, "must list at least one path:rule entry");
            }
            try {
                Node.parse(entries.stream().map(String::valueOf).toList());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "non-empty list of path:rule, rule one of " + MaskRule.SYNTAX;
        }
    }

    private static final class SecretValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof Password password && password.value().isEmpty()) {
                // the value is never echoed: it is a secret
                throw new ConfigException("Invalid value for configuration " + name + ": must not be empty");
            }
        }

        @Override
        public String toString() {
            return "non-empty secret";
        }
    }
}
