package io.tributary.connect.transforms;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * Converts several time fields of a record's key or value at once between epoch numbers, ISO-8601 text,
 * text in a pattern and Connect's logical types, in an explicit zone. Use {@link Key} or {@link Value}.
 */
public abstract class ConvertTimestamps<R extends ConnectRecord<R>> extends KeyOrValueTransformation<R> {

    public static final String OVERVIEW_DOC = "Converts time fields of the record key (<code>"
        + "io.tributary.connect.transforms.ConvertTimestamps$Key</code>) or value (<code>"
        + "io.tributary.connect.transforms.ConvertTimestamps$Value</code>), with or without a schema, from one "
        + "representation to another: epoch milliseconds or microseconds, ISO-8601 text, text in a pattern, or "
        + "Connect's Timestamp, Date and Time. Null fields stay null; tombstones pass through unchanged.";

    public static final String FIELDS_CONFIG = "fields";
    public static final String FROM_CONFIG = "from";
    public static final String TO_CONFIG = "to";
    public static final String FROM_PATTERN_CONFIG = "from.pattern";
    public static final String TO_PATTERN_CONFIG = "to.pattern";
    public static final String TIME_ZONE_CONFIG = "time.zone";

    static final String AUTO = "auto";

    private static final String FORMATS_DOC = "<code>epoch_millis</code> and <code>epoch_micros</code> (an "
        + "INT64 or INT32 count since 1970-01-01T00:00Z), <code>iso8601</code> (text such as "
        + "<code>2024-03-01T12:30:00Z</code>), <code>pattern</code> (text in a <code>java.time</code> "
        + "DateTimeFormatter pattern), <code>timestamp</code>, <code>date</code> and <code>time</code> (Connect's "
        + "logical types)";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELDS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new FieldsValidator(),
            ConfigDef.Importance.HIGH,
            "The fields to convert, as a comma-separated list of names or dotted paths into nested Structs or "
                + "Maps (<code>created_at,audit.updated_at</code>). A field the record lacks is skipped.")
        .define(FROM_CONFIG, ConfigDef.Type.STRING, AUTO, ChoiceValidator.of(fromChoices()),
            ConfigDef.Importance.HIGH,
            "How the fields are written now: " + FORMATS_DOC + ". <code>auto</code> (the default) reads Connect's "
                + "logical types by their schema (without a schema, a Date value as a timestamp), text as "
                + "ISO-8601 and integers as epoch milliseconds. ISO-8601 text may omit the time (start of the "
                + "day) and the offset (then it is in <code>time.zone</code>).")
        .define(TO_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
            ChoiceValidator.of(TimeFormat.configNames()), ConfigDef.Importance.HIGH,
            "What the fields become: " + FORMATS_DOC + ". <code>iso8601</code> writes the offset of "
                + "<code>time.zone</code> (<code>Z</code> for UTC) and as many fraction digits as needed. "
                + "Converting to epoch milliseconds, <code>timestamp</code> or <code>time</code> drops anything "
                + "finer than a millisecond.")
        .define(FROM_PATTERN_CONFIG, ConfigDef.Type.STRING, null, new PatternValidator(), ConfigDef.Importance.MEDIUM,
            "The DateTimeFormatter pattern of the fields when <code>from=pattern</code>, e.g. "
                + "<code>dd.MM.uuuu HH:mm</code>; required then. Text without a zone is in <code>time.zone</code>, "
                + "text without a time is at the start of the day.")
        .define(TO_PATTERN_CONFIG, ConfigDef.Type.STRING, null, new PatternValidator(), ConfigDef.Importance.MEDIUM,
            "The DateTimeFormatter pattern to write when <code>to=pattern</code>, e.g. "
                + "<code>uuuu-MM-dd'T'HH:mm:ss.SSSXXX</code>; required then.")
        .define(TIME_ZONE_CONFIG, ConfigDef.Type.STRING, "UTC", new ZoneValidator(), ConfigDef.Importance.MEDIUM,
            "The zone, as an ID such as <code>Europe/Berlin</code> or an offset such as <code>+02:00</code>, in "
                + "which text without an offset is read, text is written, and Connect's Date and Time (a day and "
                + "a time of day) are placed.");

    private static final String NAME = "ConvertTimestamps";

    private Node root;
    private TimeFormat from;
    private TimeFormat to;
    private DateTimeFormatter fromPattern;
    private String fromPatternText;
    private DateTimeFormatter toPattern;
    private ZoneId zone;
    private PerSchemaCache<StructPlan> plans;

    ConvertTimestamps(RecordPart part) {
        super(part);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        root = Node.parse(config.getList(FIELDS_CONFIG));
        String fromName = config.getString(FROM_CONFIG).trim().toLowerCase(Locale.ROOT);
        from = fromName.equals(AUTO) ? null : TimeFormat.fromConfig(fromName);
        to = TimeFormat.fromConfig(config.getString(TO_CONFIG));
        fromPattern = pattern(config, FROM_PATTERN_CONFIG, from == TimeFormat.PATTERN, FROM_CONFIG);
        fromPatternText = config.getString(FROM_PATTERN_CONFIG);
        toPattern = pattern(config, TO_PATTERN_CONFIG, to == TimeFormat.PATTERN, TO_CONFIG);
        zone = ZoneId.of(config.getString(TIME_ZONE_CONFIG).trim());
        plans = new PerSchemaCache<>(schema -> StructPlan.of(schema, root, "", this));
    }

    private static DateTimeFormatter pattern(AbstractConfig config, String key, boolean needed, String sideKey) {
        String text = config.getString(key);
        if (text == null) {
            if (needed) {
                throw new ConfigException(key, null, "is required because " + sideKey + "=pattern");
            }
            return null;
        }
        return DateTimeFormatter.ofPattern(text, Locale.ROOT);
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
            Map<?, ?> converted = convertMap(map, root);
            return converted == map ? record : newRecord(record, null, converted);
        }
        if (schema.type() != Schema.Type.STRUCT || !(value instanceof Struct struct)) {
            throw new DataException(NAME + ": the record " + part() + " must be a Struct, but its schema is "
                + TypeNames.of(schema) + " and its value is " + TypeNames.of(value));
        }
        StructPlan plan = plans.get(schema);
        if (plan.isEmpty()) {
            return record;
        }
        return newRecord(record, plan.schema, convertStruct(struct, plan));
    }

    private Struct convertStruct(Struct struct, StructPlan plan) {
        Struct out = new Struct(plan.schema);
        Field[] inputs = plan.inputs;
        Field[] outputs = plan.outputs;
        Object[] actions = plan.actions;
        for (int i = 0; i < inputs.length; i++) {
            Object value = struct.get(inputs[i]);
            Object action = actions[i];
            if (action != null && value != null) {
                value = action instanceof TimeFormat format
                    ? convert(value, format, plan.paths[i])
                    : convertStruct((Struct) value, (StructPlan) action);
            }
            out.put(outputs[i], value);
        }
        return out;
    }

    private Map<?, ?> convertMap(Map<?, ?> map, Node node) {
        // copied only once something changes: the input belongs to the caller and must not change
        Map<Object, Object> out = null;
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            Object value = map.get(child.getKey());
            if (value == null) {
                continue;
            }
            Node target = child.getValue();
            String path = target.path;
            Object replacement;
            if (target.children.isEmpty()) {
                TimeFormat format = from != null ? from : TimeFormat.of(value);
                if (format == null) {
                    throw new DataException(NAME + ": field '" + path + "' is " + TypeNames.of(value)
                        + ", which holds no time that from=auto recognises");
                }
                replacement = convert(value, format, path);
            } else if (value instanceof Map<?, ?> nested) {
                replacement = convertMap(nested, target);
            } else if (value instanceof Struct struct) {
                // a Struct inside a schemaless Map is rare enough not to deserve a cache
                StructPlan plan = StructPlan.of(struct.schema(), target, path, this);
                replacement = plan.isEmpty() ? struct : convertStruct(struct, plan);
            } else {
                throw new DataException(NAME + ": cannot convert inside field '" + path + "' because it is "
                    + TypeNames.of(value) + ", not a Struct or a Map");
            }
            if (out == null) {
                // a HashMap copies faster than an ordered map, and a schemaless value has no field order to keep
                out = new HashMap<>(map);
            }
            out.put(child.getKey(), replacement);
        }
        return out != null ? out : map;
    }

    private Object convert(Object value, TimeFormat format, String path) {
        // the common epoch <-> Timestamp conversions skip the Instant
        if (format == TimeFormat.EPOCH_MILLIS && to == TimeFormat.TIMESTAMP && value instanceof Long millis) {
            return new Date(millis);
        }
        if (format == TimeFormat.TIMESTAMP && to == TimeFormat.EPOCH_MILLIS && value instanceof Date date) {
            return date.getTime();
        }
        Instant instant;
        try {
            instant = format.read(value, zone, fromPattern);
        } catch (ClassCastException e) {
            throw new DataException(NAME + ": field '" + path + "' must hold " + format.configName + ", but it is "
                + TypeNames.of(value), e);
        } catch (DateTimeException e) {
            throw new DataException(NAME + ": field '" + path + "' is not " + format.configName
                + (format == TimeFormat.PATTERN ? " '" + fromPatternText + "'" : "") + ": " + e.getMessage(), e);
        }
        try {
            return to.write(instant, zone, toPattern);
        } catch (DateTimeException | ArithmeticException e) {
            throw new DataException(NAME + ": field '" + path + "' cannot be written as " + to.configName + ": "
                + e.getMessage(), e);
        }
    }

    /** The format to read a field of this schema in, checked once per schema. */
    private TimeFormat inputFormat(Schema schema, String path) {
        TimeFormat format = from != null ? from : TimeFormat.of(schema);
        if (format == null || !format.fits(schema)) {
            throw new DataException(NAME + ": field '" + path + "' is " + TypeNames.of(schema) + ", which cannot hold "
                + (from == null ? "a time that from=auto recognises" : from.configName));
        }
        return format;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
    }

    private static String[] fromChoices() {
        String[] formats = TimeFormat.configNames();
        String[] choices = new String[formats.length + 1];
        choices[0] = AUTO;
        System.arraycopy(formats, 0, choices, 1, formats.length);
        return choices;
    }

    /** The configured paths as a tree; a node without children is a field to convert. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        // the dotted path from the root, built once here rather than for every record
        final String path;

        Node(String path) {
            this.path = path;
        }

        /** @throws IllegalArgumentException naming the path and the reason */
        static Node parse(List<String> paths) {
            Node root = new Node("");
            Set<String> seen = new HashSet<>();
            for (String text : paths) {
                FieldPath path = FieldPath.parse(text);
                if (!seen.add(path.toString())) {
                    throw new IllegalArgumentException("lists '" + path + "' twice");
                }
                Node node = root;
                for (int i = 0; i < path.length(); i++) {
                    boolean leaf = i == path.length() - 1;
                    Node child = node.children.get(path.segments().get(i));
                    if (child != null && (leaf || child.children.isEmpty())) {
                        throw new IllegalArgumentException("'" + path + "' is inside or around another listed field");
                    }
                    String parent = node.path;
                    node = node.children.computeIfAbsent(path.segments().get(i),
                        s -> new Node(parent.isEmpty() ? s : parent + "." + s));
                }
            }
            return root;
        }
    }

    /**
     * One Struct schema's conversion: the output schema and, per field, {@code null} to copy, the
     * {@link TimeFormat} to read it in, or the nested plan of a Struct.
     */
    private static final class StructPlan {
        final Schema schema;
        final Field[] inputs;
        final Field[] outputs;
        final Object[] actions;
        final String[] paths;

        private StructPlan(Schema schema, Field[] inputs, Field[] outputs, Object[] actions, String[] paths) {
            this.schema = schema;
            this.inputs = inputs;
            this.outputs = outputs;
            this.actions = actions;
            this.paths = paths;
        }

        static StructPlan of(Schema schema, Node node, String prefix, ConvertTimestamps<?> owner) {
            Field[] inputs = Schemas.fieldsOf(schema);
            Object[] actions = new Object[inputs.length];
            String[] paths = new String[inputs.length];
            SchemaBuilder builder = Schemas.structLike(schema);
            for (int i = 0; i < inputs.length; i++) {
                Field field = inputs[i];
                Node target = node.children.get(field.name());
                Schema outSchema = field.schema();
                if (target != null) {
                    String path = prefix.isEmpty() ? field.name() : prefix + "." + field.name();
                    paths[i] = path;
                    if (target.children.isEmpty()) {
                        actions[i] = owner.inputFormat(field.schema(), path);
                        outSchema = owner.to.schema(field.schema().isOptional());
                    } else if (field.schema().type() == Schema.Type.STRUCT) {
                        StructPlan nested = of(field.schema(), target, path, owner);
                        if (!nested.isEmpty()) {
                            actions[i] = nested;
                            outSchema = nested.schema;
                        }
                    } else {
                        throw new DataException(NAME + ": cannot convert inside field '" + path + "' because it is "
                            + TypeNames.of(field.schema()) + ", not a Struct");
                    }
                }
                builder.field(field.name(), outSchema);
            }
            Schema out = builder.build();
            return new StructPlan(out, inputs, Schemas.fieldsOf(out), actions, paths);
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

    /** Converts time fields of the record key. */
    public static class Key<R extends ConnectRecord<R>> extends ConvertTimestamps<R> {
        public Key() {
            super(RecordPart.KEY);
        }
    }

    /** Converts time fields of the record value. */
    public static class Value<R extends ConnectRecord<R>> extends ConvertTimestamps<R> {
        public Value() {
            super(RecordPart.VALUE);
        }
    }

    private static final class FieldsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "must list at least one field");
            }
            try {
                Node.parse(((List<?>) value).stream().map(String::valueOf).toList());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "non-empty list of field paths";
        }
    }

    private static final class PatternValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                DateTimeFormatter.ofPattern((String) value, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "is not a DateTimeFormatter pattern: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a java.time DateTimeFormatter pattern";
        }
    }

    private static final class ZoneValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                ZoneId.of(((String) value).trim());
            } catch (DateTimeException | NullPointerException e) {
                throw new ConfigException(name, value, "is not a zone ID or offset: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a zone ID such as UTC or Europe/Berlin, or an offset such as +02:00";
        }
    }
}
