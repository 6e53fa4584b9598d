package io.tributary.connect.transforms;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.change.ChangeEventRows;
import io.tributary.connect.common.change.DeleteHandling;
import io.tributary.connect.common.change.RowOptions;
import io.tributary.connect.common.change.ToastPlaceholder;
import io.tributary.connect.common.data.FieldPath;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns a Debezium-format change event ({@code before}, {@code after}, {@code op}, {@code source},
 * {@code ts_ms}) into the row it leaves behind, so sinks that upsert and delete by key see plain rows.
 *
 * <p>The row logic is {@link ChangeEventRows}, which the CDC connector's row output uses too; this class gives
 * it a config. Code that runs the transform itself uses {@code new Unwrap<>()} or {@link #configured(Map)}, then
 * {@link #apply(ConnectRecord)}, which returns {@code null} for a record to drop. One instance serves one task;
 * {@link #apply} takes no lock.
 */
public class Unwrap<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String OVERVIEW_DOC = "Replaces a Debezium-format change event (fields <code>before</code>, "
        + "<code>after</code>, <code>op</code>, <code>source</code>, <code>ts_ms</code>), with or without a "
        + "schema, by the row state: <code>after</code> for creates, snapshot reads and updates, and for deletes "
        + "what <code>delete.handling</code> says. Events of Debezium's PostgreSQL connector and of Tributary's "
        + "CDC connector work alike. Truncate (<code>t</code>) and message (<code>m</code>) events carry no row "
        + "and are dropped. The record key is left as it is.";

    public static final String DELETE_HANDLING_CONFIG = "delete.handling";
    public static final String DROP_TOMBSTONES_CONFIG = "drop.tombstones";
    // the row logic's error messages name these keys, so both read the names from one place
    public static final String ADD_FIELDS_CONFIG = RowOptions.ADD_FIELDS;
    public static final String ADD_HEADERS_CONFIG = RowOptions.ADD_HEADERS;
    public static final String ADD_PREFIX_CONFIG = RowOptions.ADD_PREFIX;
    public static final String TOAST_HANDLING_CONFIG = "toast.placeholder.handling";
    public static final String TOAST_PLACEHOLDER_CONFIG = "toast.placeholder";
    public static final String NON_CHANGE_EVENTS_CONFIG = RowOptions.NON_CHANGE_EVENTS;

    public static final String DELETE_TOMBSTONE = "tombstone";
    public static final String DELETE_REWRITE = "rewrite";
    public static final String DELETE_DROP = "drop";
    public static final String TOAST_OMIT = "omit";
    public static final String TOAST_KEEP = "keep";
    public static final String NON_CHANGE_FAIL = "fail";
    public static final String NON_CHANGE_PASS = "pass";
    /** Appended to {@code add.prefix} to name the field that {@code delete.handling=rewrite} adds. */
    public static final String DELETED_FIELD = RowOptions.DELETED_FLAG;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(DELETE_HANDLING_CONFIG, ConfigDef.Type.STRING, DELETE_TOMBSTONE,
            ChoiceValidator.of(DELETE_TOMBSTONE, DELETE_REWRITE, DELETE_DROP), ConfigDef.Importance.HIGH,
            "What a delete event (<code>op</code> = <code>d</code>) becomes. <code>tombstone</code>: a record with "
                + "the same key and a null value, which compaction and sinks treat as a delete. "
                + "<code>rewrite</code>: the <code>before</code> row with a boolean field named "
                + "<code>add.prefix</code> + <code>deleted</code> (<code>__deleted</code>) set to true; every "
                + "other row gets it too, set to false, so the schema does not change (a soft delete). "
                + "<code>drop</code>: no record.")
        .define(DROP_TOMBSTONES_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.MEDIUM,
            "Whether the tombstone that Debezium writes after each delete event is dropped. It is redundant "
                + "with <code>delete.handling=tombstone</code> and would hard-delete what "
                + "<code>rewrite</code> soft-deletes; set false to pass it on unchanged.")
        .define(ADD_FIELDS_CONFIG, ConfigDef.Type.LIST, List.of(), new EnvelopePathsValidator(),
            ConfigDef.Importance.MEDIUM,
            "Envelope fields to copy into the row, as dotted paths such as <code>op,source.ts_ms,source.table,"
                + "source.lsn</code>. Each becomes an optional field named <code>add.prefix</code> + the path "
                + "with dots replaced by underscores (<code>__op</code>, <code>__source_ts_ms</code>), with the "
                + "envelope field's type. A path the envelope schema lacks fails the record; a missing key of a "
                + "schemaless event gives null.")
        .define(ADD_HEADERS_CONFIG, ConfigDef.Type.LIST, List.of(), new EnvelopePathsValidator(),
            ConfigDef.Importance.MEDIUM,
            "Envelope fields to copy into record headers, named like <code>" + ADD_FIELDS_CONFIG + "</code> "
                + "(<code>__op</code>). Headers survive <code>delete.handling=tombstone</code>, which leaves no "
                + "row to add fields to.")
        .define(ADD_PREFIX_CONFIG, ConfigDef.Type.STRING, "__", new PrefixValidator(), ConfigDef.Importance.LOW,
            "The prefix of the names of added fields and headers and of the deleted flag.")
        .define(TOAST_HANDLING_CONFIG, ConfigDef.Type.STRING, TOAST_OMIT, ChoiceValidator.of(TOAST_OMIT, TOAST_KEEP),
            ConfigDef.Importance.MEDIUM,
            "What happens to a column that holds Debezium's unavailable-value placeholder, which the PostgreSQL "
                + "connector writes for a TOASTed column (large text, jsonb, bytea, arrays) that an update did not "
                + "change. <code>omit</code>: the column is left out of the row, schema included, so a sink that "
                + "upserts keeps the value it has. <code>keep</code>: the placeholder stays in the row. "
                + "Recognised forms: the text, its bytes (raw, base64 or hex), a one-element array of the text, "
                + "of the bytes or of their name-based UUID, an array of the bytes as integers, and a one-entry "
                + "map of the text to itself.")
        .define(TOAST_PLACEHOLDER_CONFIG, ConfigDef.Type.STRING, ToastPlaceholder.DEBEZIUM_DEFAULT,
            new ConfigDef.NonEmptyString(), ConfigDef.Importance.LOW,
            "The placeholder text; set it to the connector's <code>unavailable.value.placeholder</code> when "
                + "that is not Debezium's default.")
        .define(NON_CHANGE_EVENTS_CONFIG, ConfigDef.Type.STRING, NON_CHANGE_FAIL,
            ChoiceValidator.of(NON_CHANGE_FAIL, NON_CHANGE_PASS), ConfigDef.Importance.MEDIUM,
            "What happens to a record whose value is a Struct or a Map without an <code>op</code> field, such as "
                + "a heartbeat or a schema change event. <code>fail</code>: the record fails, so "
                + "<code>errors.tolerance</code> and the dead-letter queue see it. <code>pass</code>: it goes on "
                + "unchanged.");

    private static final String NAME = "Unwrap";

    private ChangeEventRows rows;

    /** A configured instance, for code that runs the transform itself rather than through a worker. */
    public static <R extends ConnectRecord<R>> Unwrap<R> configured(Map<String, ?> props) {
        Unwrap<R> unwrap = new Unwrap<>();
        unwrap.configure(props);
        return unwrap;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        List<FieldPath> fieldPaths = config.getList(ADD_FIELDS_CONFIG).stream().map(FieldPath::parse).toList();
        boolean omit = TOAST_OMIT.equals(config.getString(TOAST_HANDLING_CONFIG).trim().toLowerCase(Locale.ROOT));
        RowOptions options = RowOptions.defaults()
            .withDeleteHandling(DeleteHandling.valueOf(config.getString(DELETE_HANDLING_CONFIG).trim()
                .toUpperCase(Locale.ROOT)))
            .withDropTombstones(config.getBoolean(DROP_TOMBSTONES_CONFIG))
            .withAddFields(fieldPaths)
            .withAddHeaders(config.getList(ADD_HEADERS_CONFIG).stream().map(FieldPath::parse).toList())
            .withPrefix(config.getString(ADD_PREFIX_CONFIG))
            .withToastPlaceholder(omit ? config.getString(TOAST_PLACEHOLDER_CONFIG) : null)
            .withPassNonChangeEvents(NON_CHANGE_PASS.equals(
                config.getString(NON_CHANGE_EVENTS_CONFIG).trim().toLowerCase(Locale.ROOT)));
        String deletedName = options.deletedFlagName();
        List<String> fieldNames = options.addedFieldNames();
        for (int i = 0; i < fieldNames.size(); i++) {
            if (fieldNames.get(i).equals(deletedName)) {
                throw new ConfigException(ADD_FIELDS_CONFIG, config.getList(ADD_FIELDS_CONFIG), "entry '"
                    + fieldPaths.get(i) + "' would be named '" + deletedName + "', which "
                    + DELETE_HANDLING_CONFIG + "=rewrite uses for the deleted flag");
            }
        }
        rows = new ChangeEventRows(options, NAME);
    }

    @Override
    public R apply(R record) {
        return rows.apply(record);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void close() {
    }

    private static final class EnvelopePathsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be a list of envelope field paths, not null");
            }
            Map<String, String> seen = new HashMap<>();
            for (Object item : (List<?>) value) {
                FieldPath path;
                try {
                    path = FieldPath.parse(String.valueOf(item));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                String flat = path.flatName();
                String other = seen.put(flat, path.toString());
                if (other != null) {
                    throw new ConfigException(name, value, other.equals(path.toString())
                        ? "lists '" + path + "' twice"
                        : "'" + other + "' and '" + path + "' would both be named '" + flat + "' after the prefix");
                }
            }
        }

        @Override
        public String toString() {
            return "list of envelope field paths";
        }
    }

    private static final class PrefixValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((String) value).isBlank() || !((String) value).strip().equals(value)) {
                throw new ConfigException(name, value, "must be a non-empty prefix without surrounding spaces");
            }
        }

        @Override
        public String toString() {
            return "non-empty prefix";
        }
    }
}
