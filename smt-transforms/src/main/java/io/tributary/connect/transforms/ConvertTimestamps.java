package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.config.FieldPathValidator;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.FieldTree;
import io.tributary.connect.common.data.TypeNames;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts several time fields of a record's key or value at once between epoch numbers, ISO-8601 text,
 * text in a pattern and Connect's logical types, in an explicit zone. Use {@link Key} or {@link Value}.
 */
public abstract class ConvertTimestamps<R extends ConnectRecord<R>>
    extends FieldRewritingTransformation<R, FieldPath> {

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

    private static final String FORMATS_DOC = "<code>epoch_millis</code> and <code>epoch_micros</code> (an "
        + "INT64 or INT32 count since 1970-01-01T00:00Z), <code>iso8601</code> (text such as "
        + "<code>2024-03-01T12:30:00Z</code>), <code>pattern</code> (text in a <code>java.time</code> "
        + "DateTimeFormatter pattern), <code>timestamp</code>, <code>date</code> and <code>time</code> (Connect's "
        + "logical types)";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELDS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, FieldPathValidator.list().disjoint(),
            ConfigDef.Importance.HIGH,
            "The fields to convert, as a comma-separated list of names or dotted paths into nested Structs or "
                + "Maps (<code>created_at,audit.updated_at</code>). A field the record lacks is skipped.")
        .define(FROM_CONFIG, ConfigDef.Type.STRING, FromFormat.AUTO.configValue(), Choices.validator(FromFormat.class),
            ConfigDef.Importance.HIGH,
            "How the fields are written now: " + FORMATS_DOC + ". <code>auto</code> (the default) reads Connect's "
                + "logical types by their schema (without a schema, a Date value as a timestamp), text as "
                + "ISO-8601 and integers as epoch milliseconds. ISO-8601 text may omit the time (start of the "
                + "day) and the offset (then it is in <code>time.zone</code>).")
        .define(TO_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
            Choices.validator(TimeFormat.class), ConfigDef.Importance.HIGH,
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

    private TimeFormat from;
    private TimeFormat to;
    private DateTimeFormatter fromPattern;
    private String fromPatternText;
    private DateTimeFormatter toPattern;
    private ZoneId zone;

    ConvertTimestamps(RecordPart part) {
        super(NAME, CONFIG_DEF, part);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        from = Choices.parse(FromFormat.class, FROM_CONFIG, config.getString(FROM_CONFIG)).format();
        to = Choices.parse(TimeFormat.class, TO_CONFIG, config.getString(TO_CONFIG));
        fromPattern = pattern(config, FROM_PATTERN_CONFIG, from == TimeFormat.PATTERN, FROM_CONFIG);
        fromPatternText = config.getString(FROM_PATTERN_CONFIG);
        toPattern = pattern(config, TO_PATTERN_CONFIG, to == TimeFormat.PATTERN, TO_CONFIG);
        zone = ZoneId.of(config.getString(TIME_ZONE_CONFIG).trim());
        FieldTree<FieldPath> fields = new FieldTree<>();
        for (String field : config.getList(FIELDS_CONFIG)) {
            // the validator has rejected overlapping paths, so every one is added
            FieldPath path = FieldPath.parse(field);
            fields.add(path, path);
        }
        rewriteWith(new FieldRewriter<>(fields, new FormatLeaves(), NAME, "convert"));
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
            throw new DataException(NAME + ": field '" + path + "' must hold " + format.configValue() + ", but it is "
                + TypeNames.of(value), e);
        } catch (DateTimeException e) {
            throw new DataException(NAME + ": field '" + path + "' is not " + format.configValue()
                + (format == TimeFormat.PATTERN ? " '" + fromPatternText + "'" : "") + ": " + e.getMessage(), e);
        }
        try {
            return to.write(instant, zone, toPattern);
        } catch (DateTimeException | ArithmeticException e) {
            throw new DataException(NAME + ": field '" + path + "' cannot be written as " + to.configValue() + ": "
                + e.getMessage(), e);
        }
    }

    /** The format to read a field of this schema in, checked once per schema. */
    private TimeFormat inputFormat(Schema schema, String path) {
        TimeFormat format = from != null ? from : TimeFormat.of(schema);
        if (format == null || !format.fits(schema)) {
            throw new DataException(NAME + ": field '" + path + "' is " + TypeNames.of(schema) + ", which cannot hold "
                + (from == null ? "a time that from=auto recognises" : from.configValue()));
        }
        return format;
    }

    /** What {@code from} accepts: {@code auto}, or a format, in the order the docs list them. */
    enum FromFormat implements ConfigChoice {
        AUTO(null),
        EPOCH_MILLIS(TimeFormat.EPOCH_MILLIS),
        EPOCH_MICROS(TimeFormat.EPOCH_MICROS),
        ISO8601(TimeFormat.ISO8601),
        PATTERN(TimeFormat.PATTERN),
        TIMESTAMP(TimeFormat.TIMESTAMP),
        DATE(TimeFormat.DATE),
        TIME(TimeFormat.TIME);

        private final TimeFormat format;

        FromFormat(TimeFormat format) {
            this.format = format;
        }

        /** The format to read, or {@code null} for {@code auto}. */
        TimeFormat format() {
            return format;
        }

        @Override
        public String configValue() {
            return format == null ? "auto" : format.configValue();
        }
    }

    /**
     * Converts each leaf from its input format to {@code to}. With a schema, the input format is checked
     * once per schema; without one, {@code from=auto} takes it from each value.
     */
    private final class FormatLeaves implements FieldRewriter.Leaves<FieldPath> {
        @Override
        public boolean keepSchema() {
            return false;
        }

        @Override
        public FieldRewriter.LeafPlan plan(FieldPath field, Schema schema, String path) {
            TimeFormat format = inputFormat(schema, path);
            return new FieldRewriter.LeafPlan(to.schema(schema.isOptional()), value -> convert(value, format, path));
        }

        @Override
        public Object rewrite(FieldPath field, Object value, Schema valueSchema, String path) {
            TimeFormat format = from != null ? from : TimeFormat.of(value);
            if (format == null) {
                throw new DataException(NAME + ": field '" + path + "' is " + TypeNames.of(value)
                    + ", which holds no time that from=auto recognises");
            }
            return convert(value, format, path);
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
