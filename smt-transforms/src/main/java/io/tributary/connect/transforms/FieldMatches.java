package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.FieldPathValidator;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.TypeNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Matches records by one field of their value, so a transform applies only to some records (with
 * {@code transforms.x.predicate}) or a {@code Filter} drops them.
 */
public class FieldMatches<R extends ConnectRecord<R>> extends VersionedPlugin implements Predicate<R> {

    public static final String OVERVIEW_DOC = "A predicate that is true when a field of the record value, "
        + "with or without a schema, satisfies a condition. It is false for tombstones, for a missing "
        + "field and for a null field, whatever the operator.";

    public static final String FIELD_CONFIG = "field";
    public static final String OPERATOR_CONFIG = "operator";
    public static final String VALUE_CONFIG = "value";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELD_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, FieldPathValidator.single(),
            ConfigDef.Importance.HIGH,
            "The field to test: a name, or a dotted path into nested Structs or Maps (<code>customer.tier</code>).")
        .define(OPERATOR_CONFIG, ConfigDef.Type.STRING, Operator.EQUALS.configValue(),
            Choices.validator(Operator.class),
            ConfigDef.Importance.HIGH,
            "How the field is tested against <code>" + VALUE_CONFIG + "</code>. <code>equals</code>: a string "
                + "is equal to it, a number is numerically equal (7, 7L and 7.0 all equal <code>7</code>), "
                + "a boolean equals <code>true</code> or <code>false</code> in any case. <code>regex</code>: "
                + "the whole string (or the number or boolean written out) matches the Java regex. "
                + "<code>gt</code> / <code>lt</code>: a number is greater / less than it; a Date, Time or "
                + "Timestamp is compared as milliseconds since the epoch. <code>exists</code>: the field is "
                + "present and not null; takes no value. Other field types fail the record.")
        .define(VALUE_CONFIG, ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH,
            "What the field is compared with: a string for <code>equals</code>, a Java regex for "
                + "<code>regex</code>, a number for <code>gt</code> and <code>lt</code>. Required for every "
                + "operator but <code>exists</code>, which must not have one.");

    private static final String NAME = "FieldMatches";

    private FieldPath path;
    private Operator operator;
    private String expected;
    // the value as a number, or null when it is not one (equals then never matches a numeric field)
    private BigDecimal expectedNumber;
    private Pattern pattern;
    private PerSchemaCache<Lookup> lookups;

    public FieldMatches() {
        super(CONFIG_DEF);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        path = FieldPath.parse(config.getString(FIELD_CONFIG));
        operator = Choices.parse(Operator.class, OPERATOR_CONFIG, config.getString(OPERATOR_CONFIG));
        expected = config.getString(VALUE_CONFIG);
        if (operator == Operator.EXISTS) {
            if (expected != null) {
                throw new ConfigException(VALUE_CONFIG, expected, "must not be set for operator 'exists'");
            }
        } else if (expected == null) {
            throw new ConfigException(VALUE_CONFIG, null, "is required for operator '" + operator.configValue() + "'");
        }
        expectedNumber = expected == null ? null : parseNumber(expected);
        if ((operator == Operator.GT || operator == Operator.LT) && expectedNumber == null) {
            throw new ConfigException(VALUE_CONFIG, expected,
                "must be a number for operator '" + operator.configValue() + "'");
        }
        if (operator == Operator.REGEX) {
            try {
                pattern = Pattern.compile(expected);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(VALUE_CONFIG, expected, "is not a valid regex for operator 'regex': "
                    + e.getDescription() + " near index " + e.getIndex());
            }
        }
        lookups = new PerSchemaCache<>(schema -> new Lookup(path.fieldsIn(schema, NAME)));
    }

    @Override
    public boolean test(R record) {
        Object value = record.value();
        if (value == null) {
            return false;
        }
        Object field;
        if (value instanceof Struct struct) {
            Field[] chain = lookups.get(struct.schema()).chain();
            if (chain == null) {
                return false;
            }
            field = FieldPath.valueAt(struct, chain);
        } else if (value instanceof Map<?, ?>) {
            field = path.resolve(value, NAME);
            if (field == FieldPath.ABSENT) {
                return false;
            }
        } else {
            throw new DataException(NAME + ": the record value must be a Struct or a Map, but it is "
                + TypeNames.of(value));
        }
        return field != null && matches(field);
    }

    private boolean matches(Object field) {
        switch (operator) {
            case EXISTS:
                return true;
            case EQUALS:
                if (field instanceof String string) {
                    return string.equals(expected);
                }
                if (field instanceof Number number) {
                    Integer order = expectedNumber == null ? null : compare(number, expectedNumber);
                    return order != null && order == 0;
                }
                if (field instanceof Boolean bool) {
                    return bool.toString().equalsIgnoreCase(expected.trim());
                }
                throw unsupported(field);
            case REGEX:
                if (field instanceof String string) {
                    return pattern.matcher(string).matches();
                }
                if (field instanceof BigDecimal decimal) {
                    return pattern.matcher(decimal.toPlainString()).matches();
                }
                if (field instanceof Number || field instanceof Boolean) {
                    return pattern.matcher(field.toString()).matches();
                }
                throw unsupported(field);
            default:
                Integer order;
                if (field instanceof Number number) {
                    order = compare(number, expectedNumber);
                } else if (field instanceof Date date) {
                    order = BigDecimal.valueOf(date.getTime()).compareTo(expectedNumber);
                } else {
                    throw unsupported(field);
                }
                return order != null && (operator == Operator.GT ? order > 0 : order < 0);
        }
    }

    /** The sign of {@code number - target}, or null when NaN makes them incomparable. */
    private static Integer compare(Number number, BigDecimal target) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d)) {
                return null;
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? 1 : -1;
            }
            // Float's own decimal form, so 0.1f compares as 0.1 and not as 0.100000001490116...
            BigDecimal exact = number instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
            return exact.compareTo(target);
        }
        if (number instanceof BigDecimal decimal) {
            return decimal.compareTo(target);
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer).compareTo(target);
        }
        return BigDecimal.valueOf(number.longValue()).compareTo(target);
    }

    private DataException unsupported(Object field) {
        return new DataException(NAME + ": operator '" + operator.configValue() + "' cannot test field '" + path
            + "' of type " + TypeNames.of(field));
    }

    private static BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What {@code operator} accepts: how the field is tested. */
    enum Operator implements ConfigChoice {
        EQUALS, REGEX, GT, LT, EXISTS;

        @Override
        public String configValue() {
            return Choices.lowerCase(this);
        }
    }

    /** The field chain within one value schema, or a null chain when that schema lacks the field. */
    private record Lookup(Field[] chain) {
    }
}
