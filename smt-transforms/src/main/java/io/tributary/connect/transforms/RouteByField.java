package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.TypeNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Sends each record to a topic built from a template with the record's topic and field values, such as
 * one topic per region; what happens when a field is missing or null is configured, not an accident.
 */
public class RouteByField<R extends ConnectRecord<R>> extends VersionedPlugin implements Transformation<R> {

    public static final String OVERVIEW_DOC = "Sets the record topic from a template such as "
        + "<code>${topic}.${field:region}</code>, with or without a schema. Placeholders: <code>${topic}</code> "
        + "the current topic, <code>${field:path}</code> a field of the value, <code>${key:path}</code> a field "
        + "of the key, <code>${key}</code> the whole key; fields are names or dotted paths and must hold a "
        + "string, number or boolean. Key, value, partition, timestamp and headers are unchanged.";

    public static final String TEMPLATE_CONFIG = "topic.template";
    public static final String ON_MISSING_CONFIG = "on.missing";
    public static final String DEFAULT_VALUE_CONFIG = "default.value";
    public static final String SANITIZE_CONFIG = "sanitize";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(TEMPLATE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new TemplateValidator(),
            ConfigDef.Importance.HIGH,
            "The topic to route to: text with placeholders <code>${topic}</code>, <code>${field:path}</code>, "
                + "<code>${key:path}</code> and <code>${key}</code>, e.g. <code>${topic}.${field:address.region}"
                + "</code>. Text outside placeholders must be valid in a topic name.")
        .define(ON_MISSING_CONFIG, ConfigDef.Type.STRING, OnMissing.FAIL.configValue(),
            Choices.validator(OnMissing.class),
            ConfigDef.Importance.HIGH,
            "What happens when a placeholder's field is missing or null, or the record is a tombstone and the "
                + "template names a value field. <code>fail</code>: the record fails, for "
                + "<code>errors.tolerance</code> and the dead-letter queue. <code>skip</code>: the record keeps "
                + "its topic. <code>default</code>: <code>" + DEFAULT_VALUE_CONFIG + "</code> stands in for the "
                + "missing value.")
        .define(DEFAULT_VALUE_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM,
            "What stands in for a missing or null field when <code>" + ON_MISSING_CONFIG + "=default</code>; "
                + "required then, e.g. <code>unknown</code>.")
        .define(SANITIZE_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
            "Whether characters that Kafka does not allow in topic names (anything but ASCII letters, digits, "
                + "<code>.</code>, <code>_</code> and <code>-</code>) in field values become <code>_</code>. "
                + "When false, such a value fails the record. A topic longer than 249 characters always fails.");

    private static final String NAME = "RouteByField";
    private static final int MAX_TOPIC_LENGTH = 249;

    private Part[] parts;
    private OnMissing onMissing;
    private String defaultValue;
    private boolean sanitize;
    private PerSchemaCache<Field[][]> valueChains;
    private PerSchemaCache<Field[][]> keyChains;
    private List<FieldPath> valuePaths;
    private List<FieldPath> keyPaths;

    public RouteByField() {
        super(CONFIG_DEF);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        parts = Part.parse(config.getString(TEMPLATE_CONFIG)).toArray(new Part[0]);
        onMissing = Choices.parse(OnMissing.class, ON_MISSING_CONFIG, config.getString(ON_MISSING_CONFIG));
        defaultValue = config.getString(DEFAULT_VALUE_CONFIG);
        if (onMissing == OnMissing.DEFAULT && (defaultValue == null || defaultValue.isEmpty())) {
            throw new ConfigException(DEFAULT_VALUE_CONFIG, defaultValue, "is required because "
                + ON_MISSING_CONFIG + "=default");
        }
        sanitize = config.getBoolean(SANITIZE_CONFIG);
        if (defaultValue != null && !sanitize && !defaultValue.chars().allMatch(c -> legal((char) c))) {
            throw new ConfigException(DEFAULT_VALUE_CONFIG, defaultValue, "has characters a topic name cannot have");
        }
        if (defaultValue != null) {
            defaultValue = clean(defaultValue, DEFAULT_VALUE_CONFIG);
        }
        valuePaths = new ArrayList<>();
        keyPaths = new ArrayList<>();
        for (Part part : parts) {
            if (part.kind == Kind.VALUE_FIELD) {
                part.slot = valuePaths.size();
                valuePaths.add(part.path);
            } else if (part.kind == Kind.KEY_FIELD) {
                part.slot = keyPaths.size();
                keyPaths.add(part.path);
            }
        }
        valueChains = new PerSchemaCache<>(schema -> chains(schema, valuePaths));
        keyChains = new PerSchemaCache<>(schema -> chains(schema, keyPaths));
    }

    @Override
    public R apply(R record) {
        StringBuilder topic = new StringBuilder(64);
        for (Part part : parts) {
            switch (part.kind) {
                case LITERAL:
                    topic.append(part.text);
                    break;
                case TOPIC:
                    topic.append(record.topic());
                    break;
                case KEY:
                    if (!appendValue(topic, record.key(), "${key}")) {
                        return record;
                    }
                    break;
                default:
                    boolean fromKey = part.kind == Kind.KEY_FIELD;
                    Object value = lookup(fromKey ? record.key() : record.value(), part, fromKey);
                    if (!appendValue(topic, value == FieldPath.ABSENT ? null : value, part.text)) {
                        return record;
                    }
            }
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new DataException(NAME + ": the topic '" + topic + "' is longer than " + MAX_TOPIC_LENGTH
                + " characters");
        }
        return record.newRecord(topic.toString(), record.kafkaPartition(), record.keySchema(), record.key(),
            record.valueSchema(), record.value(), record.timestamp(), record.headers());
    }

    private Object lookup(Object root, Part part, boolean fromKey) {
        if (root == null) {
            return null;
        }
        if (root instanceof Struct struct) {
            Field[] chain = (fromKey ? keyChains : valueChains).get(struct.schema())[part.slot];
            return chain == null ? null : FieldPath.valueAt(struct, chain);
        }
        if (root instanceof Map<?, ?>) {
            return part.path.valueIn(root, NAME);
        }
        throw new DataException(NAME + ": cannot resolve field '" + part.path + "' because the record "
            + (fromKey ? "key" : "value") + " is " + TypeNames.of(root) + ", not a Struct or a Map");
    }

    /** Appends a placeholder's value; false when it is missing and the record keeps its topic. */
    private boolean appendValue(StringBuilder topic, Object value, String placeholder) {
        if (value == null) {
            switch (onMissing) {
                case SKIP:
                    return false;
                case DEFAULT:
                    topic.append(defaultValue);
                    return true;
                default:
                    throw new DataException(NAME + ": " + placeholder + " is missing or null; set " + ON_MISSING_CONFIG
                        + " to skip or default to route such records");
            }
        }
        String text;
        if (value instanceof String string) {
            text = string;
        } else if (value instanceof BigDecimal decimal) {
            text = decimal.toPlainString();
        } else if (value instanceof Number || value instanceof Boolean) {
            text = value.toString();
        } else {
            throw new DataException(NAME + ": " + placeholder + " must be a string, number or boolean, but it is "
                + TypeNames.of(value));
        }
        topic.append(clean(text, placeholder));
        return true;
    }

    private String clean(String text, String source) {
        for (int i = 0; i < text.length(); i++) {
            if (!legal(text.charAt(i))) {
                if (!sanitize) {
                    throw new DataException(NAME + ": " + source + " is '" + text + "', which has characters a topic "
                        + "name cannot have; set " + SANITIZE_CONFIG + "=true to replace them");
                }
                StringBuilder cleaned = new StringBuilder(text.length());
                for (int j = 0; j < text.length(); j++) {
                    char c = text.charAt(j);
                    cleaned.append(legal(c) ? c : '_');
                }
                return cleaned.toString();
            }
        }
        return text;
    }

    private static boolean legal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
            || c == '-';
    }

    // a schema lacking a field gives a null chain, which reads as a missing field
    private static Field[][] chains(Schema schema, List<FieldPath> paths) {
        Field[][] chains = new Field[paths.size()][];
        for (int i = 0; i < chains.length; i++) {
            chains[i] = paths.get(i).fieldsIn(schema, NAME);
        }
        return chains;
    }

    /** What {@code on.missing} accepts: what a missing or null placeholder value does to the record. */
    enum OnMissing implements ConfigChoice {
        FAIL, SKIP, DEFAULT;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    private enum Kind { LITERAL, TOPIC, KEY, VALUE_FIELD, KEY_FIELD }

    /** One piece of the template: literal text or a placeholder. */
    private static final class Part {
        final Kind kind;
        final String text;
        final FieldPath path;
        int slot;

        private Part(Kind kind, String text, FieldPath path) {
            this.kind = kind;
            this.text = text;
            this.path = path;
        }

        /** @throws IllegalArgumentException naming what is wrong with the template */
        static List<Part> parse(String template) {
            if (template == null || template.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            List<Part> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < template.length()) {
                if (!template.startsWith("${", i)) {
                    literal.append(template.charAt(i++));
                    continue;
                }
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("has an unclosed placeholder at position " + i);
                }
                if (literal.length() > 0) {
                    parts.add(literal(literal.toString()));
                    literal.setLength(0);
                }
                String body = template.substring(i + 2, close).trim();
                String placeholder = template.substring(i, close + 1);
                if (body.equals("topic")) {
                    parts.add(new Part(Kind.TOPIC, placeholder, null));
                } else if (body.equals("key")) {
                    parts.add(new Part(Kind.KEY, placeholder, null));
                } else if (body.startsWith("field:") || body.startsWith("key:")) {
                    boolean key = body.startsWith("key:");
                    String path = body.substring(key ? 4 : 6);
                    try {
                        parts.add(new Part(key ? Kind.KEY_FIELD : Kind.VALUE_FIELD, placeholder,
                            FieldPath.parse(path)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("placeholder " + placeholder + ": " + e.getMessage(), e);
                    }
                } else {
                    throw new IllegalArgumentException("has unknown placeholder " + placeholder
                        + "; use ${topic}, ${key}, ${key:path} or ${field:path}");
                }
                i = close + 1;
            }
            if (literal.length() > 0) {
                parts.add(literal(literal.toString()));
            }
            for (Part part : parts) {
                if (part.kind == Kind.LITERAL) {
                    for (char c : part.text.toCharArray()) {
                        if (!legal(c)) {
                            throw new IllegalArgumentException("has '" + c + "' outside placeholders, which a topic "
                                + "name cannot have");
                        }
                    }
                }
            }
            return parts;
        }

        private static Part literal(String text) {
            return new Part(Kind.LITERAL, text, null);
        }
    }

    private static final class TemplateValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                Part.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "text with ${topic}, ${key}, ${key:path}, ${field:path}";
        }
    }
}
