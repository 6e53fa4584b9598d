package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.TypeNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Matches change records by their CDC operation, before {@link Unwrap} (the envelope's {@code op}) and
 * after it (the {@code __op} field or header that {@code add.fields} or {@code add.headers} wrote).
 */
public class OperationIs<R extends ConnectRecord<R>> extends VersionedPlugin implements Predicate<R> {

    public static final String OVERVIEW_DOC = "A predicate that is true when the CDC operation of the record is one "
        + "of a set: the <code>op</code> field of a Debezium-format change event (a value with <code>op</code> and "
        + "<code>before</code> or <code>after</code>), or else the field, and then the header, named by "
        + "<code>row.field</code>, which <code>Unwrap</code> adds. It is false when the record has none of them, "
        + "for instance a tombstone without the header.";

    public static final String OPERATIONS_CONFIG = "operations";
    public static final String ROW_FIELD_CONFIG = "row.field";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(OPERATIONS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new OperationsValidator(),
            ConfigDef.Importance.HIGH,
            "The operations that match, as a comma-separated list of Debezium's codes: <code>c</code> create, "
                + "<code>r</code> snapshot read, <code>u</code> update, <code>d</code> delete, <code>t</code> "
                + "truncate, <code>m</code> message. For example <code>c,u</code>.")
        .define(ROW_FIELD_CONFIG, ConfigDef.Type.STRING, "__op", new ConfigDef.NonEmptyString(),
            ConfigDef.Importance.LOW,
            "The field, and failing that the header, that holds the operation in a record "
                + "<code>Unwrap</code> produced; the default matches its <code>add.fields=op</code> and "
                + "<code>add.headers=op</code> with the default prefix.");

    private static final String NAME = "OperationIs";

    private Set<String> operations;
    private String rowField;
    private PerSchemaCache<Lookup> lookups;

    public OperationIs() {
        super(CONFIG_DEF);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        // the codes as records spell them, so a test is one lookup of the record's string
        operations = Set.copyOf(config.getList(OPERATIONS_CONFIG).stream()
            .map(code -> Choices.parse(Operation.class, OPERATIONS_CONFIG, code).configValue()).toList());
        rowField = config.getString(ROW_FIELD_CONFIG).trim();
        lookups = new PerSchemaCache<>(this::lookupFor);
    }

    @Override
    public boolean test(R record) {
        Object value = record.value();
        if (value instanceof Struct struct) {
            Lookup lookup = lookups.get(struct.schema());
            if (lookup.field() != null) {
                return matches(struct.get(lookup.field()), lookup.name());
            }
        } else if (value instanceof Map<?, ?> map) {
            if (map.containsKey("op") && (map.containsKey("after") || map.containsKey("before"))) {
                return matches(map.get("op"), "op");
            }
            if (map.containsKey(rowField)) {
                return matches(map.get(rowField), rowField);
            }
        } else if (value != null) {
            throw new DataException(NAME + ": the record value must be a Struct or a Map, but it is "
                + TypeNames.of(value));
        }
        Header header = record.headers().lastWithName(rowField);
        return header != null && matches(header.value(), rowField);
    }

    private boolean matches(Object op, String where) {
        if (op == null) {
            return false;
        }
        if (op instanceof String code) {
            return operations.contains(code);
        }
        throw new DataException(NAME + ": field '" + where + "' holds the operation and must be a string, but it is "
            + TypeNames.of(op));
    }

    private Lookup lookupFor(Schema schema) {
        Field op = schema.field("op");
        if (op != null && (schema.field("after") != null || schema.field("before") != null)) {
            return new Lookup(op, "op");
        }
        return new Lookup(schema.field(rowField), rowField);
    }

    /** Where the operation is in one value schema; a null field sends the lookup to the header. */
    private record Lookup(Field field, String name) {
    }

    /** What {@code operations} lists: Debezium's operation codes. */
    enum Operation implements ConfigChoice {
        CREATE("c"), READ("r"), UPDATE("u"), DELETE("d"), TRUNCATE("t"), MESSAGE("m");

        private final String code;

        Operation(String code) {
            this.code = code;
        }

        @Override
        public String configValue() {
            return code;
        }
    }

    private static final class OperationsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "must list at least one operation of "
                    + String.join(",", Choices.configValues(Operation.class)));
            }
            for (Object item : (List<?>) value) {
                if (Choices.find(Operation.class, String.valueOf(item)) == null) {
                    throw new ConfigException(name, value, "'" + item + "' is not an operation; use "
                        + String.join(", ", Choices.configValues(Operation.class)));
                }
            }
        }

        @Override
        public String toString() {
            return "non-empty list of " + String.join(", ", Choices.configValues(Operation.class));
        }
    }
}
