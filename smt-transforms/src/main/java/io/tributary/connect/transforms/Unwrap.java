package io.tributary.connect.transforms;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

import io.tributary.connect.common.Version;

/**
 * Turns a Debezium-format change event ({@code before}, {@code after}, {@code op}, {@code source},
 * {@code ts_ms}) into the row it leaves behind, so sinks that upsert and delete by key see plain rows.
 *
 * <p>Other code (the CDC connector) uses it as any worker does: {@code new Unwrap<>()} or
 * {@link #configured(Map)}, then {@link #apply(ConnectRecord)}, which returns {@code null} for a record
 * to drop. One instance serves one task; {@link #apply} takes no lock.
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
    public static final String ADD_FIELDS_CONFIG = "add.fields";
    public static final String ADD_HEADERS_CONFIG = "add.headers";
    public static final String ADD_PREFIX_CONFIG = "add.prefix";
    public static final String TOAST_HANDLING_CONFIG = "toast.placeholder.handling";
    public static final String TOAST_PLACEHOLDER_CONFIG = "toast.placeholder";
    public static final String NON_CHANGE_EVENTS_CONFIG = "non.change.events";

    public static final String DELETE_TOMBSTONE = "tombstone";
    public static final String DELETE_REWRITE = "rewrite";
    public static final String DELETE_DROP = "drop";
    public static final String TOAST_OMIT = "omit";
    public static final String TOAST_KEEP = "keep";
    public static final String NON_CHANGE_FAIL = "fail";
    public static final String NON_CHANGE_PASS = "pass";
    /** Appended to {@code add.prefix} to name the field that {@code delete.handling=rewrite} adds. */
    public static final String DELETED_FIELD = "deleted";

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
    // the omitted-column combinations of one schema; past this many, variants are built but not kept
    private static final int MAX_VARIANTS = 64;

    private String deleteHandling;
    private boolean dropTombstones;
    private List<FieldPath> fieldPaths;
    private String[] fieldNames;
    private List<FieldPath> headerPaths;
    private String[] headerNames;
    private String deletedName;
    private ToastPlaceholder toast;
    private boolean passNonChangeEvents;
    private PerSchemaCache<Plan> plans;

    /** A configured instance, for code that runs the transform itself rather than through a worker. */
    public static <R extends ConnectRecord<R>> Unwrap<R> configured(Map<String, ?> props) {
        Unwrap<R> unwrap = new Unwrap<>();
        unwrap.configure(props);
        return unwrap;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        deleteHandling = config.getString(DELETE_HANDLING_CONFIG).trim().toLowerCase(Locale.ROOT);
        dropTombstones = config.getBoolean(DROP_TOMBSTONES_CONFIG);
        String prefix = config.getString(ADD_PREFIX_CONFIG);
        fieldPaths = config.getList(ADD_FIELDS_CONFIG).stream().map(FieldPath::parse).toList();
        fieldNames = fieldPaths.stream().map(path -> prefix + String.join("_", path.segments())).toArray(String[]::new);
        headerPaths = config.getList(ADD_HEADERS_CONFIG).stream().map(FieldPath::parse).toList();
        headerNames = headerPaths.stream().map(path -> prefix + String.join("_", path.segments())).toArray(String[]::new);
        deletedName = DELETE_REWRITE.equals(deleteHandling) ? prefix + DELETED_FIELD : null;
        if (deletedName != null) {
            for (int i = 0; i < fieldNames.length; i++) {
                if (fieldNames[i].equals(deletedName)) {
                    throw new ConfigException(ADD_FIELDS_CONFIG, config.getList(ADD_FIELDS_CONFIG), "entry '"
                        + fieldPaths.get(i) + "' would be named '" + deletedName + "', which "
                        + DELETE_HANDLING_CONFIG + "=rewrite uses for the deleted flag");
                }
            }
        }
        boolean omit = TOAST_OMIT.equals(config.getString(TOAST_HANDLING_CONFIG).trim().toLowerCase(Locale.ROOT));
        toast = omit ? new ToastPlaceholder(config.getString(TOAST_PLACEHOLDER_CONFIG)) : null;
        passNonChangeEvents = NON_CHANGE_PASS.equals(
            config.getString(NON_CHANGE_EVENTS_CONFIG).trim().toLowerCase(Locale.ROOT));
        plans = new PerSchemaCache<>(this::planFor);
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return dropTombstones ? null : record;
        }
        if (value instanceof Struct envelope) {
            Schema schema = record.valueSchema() != null ? record.valueSchema() : envelope.schema();
            Plan plan = plans.get(schema);
            return plan == null ? record : applyStruct(record, envelope, plan);
        }
        if (value instanceof Map<?, ?> envelope) {
            return applyMap(record, envelope);
        }
        throw new DataException(NAME + ": the record value must be a change event, a Struct or a Map, but it is "
            + TypeNames.of(value));
    }

    private R applyStruct(R record, Struct envelope, Plan plan) {
        Object op = envelope.get(plan.op);
        if (!(op instanceof String code)) {
            throw new DataException(NAME + ": field 'op' of the change event must be a string, but it is "
                + TypeNames.of(op));
        }
        Struct row;
        boolean deleted = false;
        switch (code) {
            case "c":
            case "r":
            case "u":
                row = rowOf(envelope, plan.after, "after", code);
                break;
            case "d":
                if (DELETE_DROP.equals(deleteHandling)) {
                    return null;
                }
                if (DELETE_TOMBSTONE.equals(deleteHandling)) {
                    return newRecord(record, null, null, headersFrom(record, envelope, plan));
                }
                row = rowOf(envelope, plan.before, "before", code);
                deleted = true;
                break;
            case "t":
            case "m":
                return null;
            default:
                throw unknownOp(code);
        }
        Struct out = buildRow(row, envelope, plan, deleted);
        return newRecord(record, out.schema(), out, headersFrom(record, envelope, plan));
    }

    private Struct rowOf(Struct envelope, Field field, String name, String op) {
        if (field == null) {
            throw new DataException(NAME + ": a change event with op '" + op + "' needs field '" + name
                + "', but its schema " + TypeNames.of(envelope.schema()) + " has none");
        }
        Object row = envelope.get(field);
        if (row == null) {
            throw new DataException(NAME + ": field '" + name + "' of a change event with op '" + op + "' is null"
                + ("before".equals(name) ? "; rewriting deletes needs the old row (REPLICA IDENTITY DEFAULT or FULL)"
                    : ""));
        }
        if (!(row instanceof Struct struct)) {
            throw new DataException(NAME + ": field '" + name + "' of the change event must be a Struct, but it is "
                + TypeNames.of(row));
        }
        return struct;
    }

    private Struct buildRow(Struct row, Struct envelope, Plan plan, boolean deleted) {
        if (row.schema() != plan.rowSchema && !row.schema().equals(plan.rowSchema)) {
            throw new DataException(NAME + ": fields 'before' and 'after' of the change event have different "
                + "schemas, " + TypeNames.of(row.schema()) + " and " + TypeNames.of(plan.rowSchema));
        }
        Field[] inputs = plan.rowFields;
        Variant variant = plan.base;
        BitSet omitted = null;
        if (toast != null) {
            for (int index : plan.toastable) {
                if (toast.matches(row.get(inputs[index]))) {
                    if (omitted == null) {
                        omitted = new BitSet(inputs.length);
                    }
                    omitted.set(index);
                }
            }
            if (omitted != null) {
                variant = plan.variant(omitted);
            }
        }
        Struct out = new Struct(variant.schema);
        Field[] targets = variant.rowTargets;
        for (int i = 0; i < inputs.length; i++) {
            if (targets[i] != null) {
                out.put(targets[i], row.get(inputs[i]));
            }
        }
        Field[][] chains = plan.addedChains;
        for (int i = 0; i < chains.length; i++) {
            out.put(variant.addedTargets[i], FieldPath.valueAt(envelope, chains[i]));
        }
        if (variant.deletedTarget != null) {
            out.put(variant.deletedTarget, deleted);
        }
        return out;
    }

    private Headers headersFrom(R record, Object envelope, Plan plan) {
        if (headerNames.length == 0) {
            return record.headers();
        }
        Headers headers = record.headers().duplicate();
        for (int i = 0; i < headerNames.length; i++) {
            if (plan != null) {
                headers.add(headerNames[i], FieldPath.valueAt((Struct) envelope, plan.headerChains[i]),
                    plan.headerSchemas[i]);
            } else {
                headers.add(headerNames[i], headerPaths.get(i).valueIn(envelope, NAME), null);
            }
        }
        return headers;
    }

    private R applyMap(R record, Map<?, ?> envelope) {
        Object op = envelope.get("op");
        if (op == null) {
            if (passNonChangeEvents && !envelope.containsKey("op")) {
                return record;
            }
            throw notChangeEvent(envelope.containsKey("op") ? "its field 'op' is null" : "it has no field 'op'");
        }
        if (!(op instanceof String code)) {
            throw new DataException(NAME + ": field 'op' of the change event must be a string, but it is "
                + TypeNames.of(op));
        }
        Map<?, ?> row;
        boolean deleted = false;
        switch (code) {
            case "c":
            case "r":
            case "u":
                row = rowOf(envelope, "after", code);
                break;
            case "d":
                if (DELETE_DROP.equals(deleteHandling)) {
                    return null;
                }
                if (DELETE_TOMBSTONE.equals(deleteHandling)) {
                    return newRecord(record, null, null, headersFrom(record, envelope, null));
                }
                row = rowOf(envelope, "before", code);
                deleted = true;
                break;
            case "t":
            case "m":
                return null;
            default:
                throw unknownOp(code);
        }
        Map<String, Object> out = new LinkedHashMap<>(Math.max(16, (row.size() + fieldNames.length + 1) * 4 / 3 + 1));
        for (Map.Entry<?, ?> entry : row.entrySet()) {
            if (!(entry.getKey() instanceof String column)) {
                throw new DataException(NAME + ": the row is a Map whose keys must be strings, but key '"
                    + entry.getKey() + "' is " + TypeNames.of(entry.getKey()));
            }
            if (toast == null || !toast.matches(entry.getValue())) {
                out.put(column, entry.getValue());
            }
        }
        for (int i = 0; i < fieldNames.length; i++) {
            putAdded(out, fieldNames[i], fieldPaths.get(i).valueIn(envelope, NAME));
        }
        if (deletedName != null) {
            putAdded(out, deletedName, deleted);
        }
        return newRecord(record, null, out, headersFrom(record, envelope, null));
    }

    private static Map<?, ?> rowOf(Map<?, ?> envelope, String name, String op) {
        Object row = envelope.get(name);
        if (row == null) {
            throw new DataException(NAME + ": field '" + name + "' of a change event with op '" + op + "' is "
                + (envelope.containsKey(name) ? "null" : "missing")
                + ("before".equals(name) ? "; rewriting deletes needs the old row (REPLICA IDENTITY DEFAULT or FULL)"
                    : ""));
        }
        if (!(row instanceof Map<?, ?> map)) {
            throw new DataException(NAME + ": field '" + name + "' of the change event must be a Map, but it is "
                + TypeNames.of(row));
        }
        return map;
    }

    private static void putAdded(Map<String, Object> row, String name, Object value) {
        if (row.containsKey(name)) {
            throw new DataException(NAME + ": cannot add field '" + name + "' because the row already has a "
                + "column of that name; change " + ADD_PREFIX_CONFIG);
        }
        row.put(name, value);
    }

    /** The plan for an envelope schema, or {@code null} when such records pass unchanged. */
    private Plan planFor(Schema schema) {
        Field op = schema.type() == Schema.Type.STRUCT ? schema.field("op") : null;
        if (op == null) {
            if (passNonChangeEvents && schema.type() == Schema.Type.STRUCT) {
                return null;
            }
            throw notChangeEvent("its schema " + TypeNames.of(schema) + " has no field 'op'");
        }
        Field before = structField(schema, "before");
        Field after = structField(schema, "after");
        if (before == null && after == null) {
            throw notChangeEvent("its schema " + TypeNames.of(schema) + " has neither 'before' nor 'after'");
        }
        Schema rowSchema = (after != null ? after : before).schema();
        Field[] rowFields = Schemas.fieldsOf(rowSchema);
        int[] toastable = new int[rowFields.length];
        int count = 0;
        for (int i = 0; i < rowFields.length; i++) {
            if (ToastPlaceholder.canHold(rowFields[i].schema())) {
                toastable[count++] = i;
            }
        }
        Field[][] addedChains = new Field[fieldPaths.size()][];
        Schema[] addedSchemas = new Schema[fieldPaths.size()];
        for (int i = 0; i < addedChains.length; i++) {
            addedChains[i] = chainIn(schema, fieldPaths.get(i), ADD_FIELDS_CONFIG);
            addedSchemas[i] = Schemas.optional(addedChains[i][addedChains[i].length - 1].schema());
            if (rowSchema.field(fieldNames[i]) != null) {
                throw new DataException(NAME + ": cannot add field '" + fieldNames[i] + "' because the row "
                    + "already has a column of that name; change " + ADD_PREFIX_CONFIG);
            }
        }
        if (deletedName != null && rowSchema.field(deletedName) != null) {
            throw new DataException(NAME + ": cannot add field '" + deletedName + "' because the row already has a "
                + "column of that name; change " + ADD_PREFIX_CONFIG);
        }
        Field[][] headerChains = new Field[headerPaths.size()][];
        Schema[] headerSchemas = new Schema[headerPaths.size()];
        for (int i = 0; i < headerChains.length; i++) {
            headerChains[i] = chainIn(schema, headerPaths.get(i), ADD_HEADERS_CONFIG);
            headerSchemas[i] = Schemas.optional(headerChains[i][headerChains[i].length - 1].schema());
        }
        return new Plan(op, before, after, rowSchema, rowFields, Arrays.copyOf(toastable, count),
            addedChains, addedSchemas, headerChains, headerSchemas);
    }

    private static Field structField(Schema schema, String name) {
        Field field = schema.field(name);
        if (field != null && field.schema().type() != Schema.Type.STRUCT) {
            throw new DataException(NAME + ": field '" + name + "' of the change event must be a Struct, but it is "
                + TypeNames.of(field.schema()));
        }
        return field;
    }

    private static Field[] chainIn(Schema envelope, FieldPath path, String key) {
        Field[] chain = path.fieldsIn(envelope, NAME);
        if (chain == null) {
            throw new DataException(NAME + ": " + key + " names field '" + path + "', which the change event "
                + "schema " + TypeNames.of(envelope) + " does not have");
        }
        return chain;
    }

    private DataException notChangeEvent(String why) {
        return new DataException(NAME + ": the record value is not a change event because " + why
            + "; set " + NON_CHANGE_EVENTS_CONFIG + "=pass to let such records through");
    }

    private static DataException unknownOp(String code) {
        return new DataException(NAME + ": field 'op' of the change event is '" + code
            + "', which is none of c, r, u, d, t, m");
    }

    private R newRecord(R record, Schema schema, Object value, Headers headers) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
            schema, value, record.timestamp(), headers);
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

    /** One output schema: the row's fields that are kept, then the added fields, then the deleted flag. */
    private static final class Variant {
        final Schema schema;
        final Field[] rowTargets;
        final Field[] addedTargets;
        final Field deletedTarget;

        Variant(Schema schema, Field[] rowTargets, Field[] addedTargets, Field deletedTarget) {
            this.schema = schema;
            this.rowTargets = rowTargets;
            this.addedTargets = addedTargets;
            this.deletedTarget = deletedTarget;
        }
    }

    /** What one envelope schema needs: where op, before and after are, the row layout and the output schemas. */
    private final class Plan {
        final Field op;
        final Field before;
        final Field after;
        final Schema rowSchema;
        final Field[] rowFields;
        final int[] toastable;
        final Field[][] addedChains;
        final Schema[] addedSchemas;
        final Field[][] headerChains;
        final Schema[] headerSchemas;
        final Variant base;
        // keyed by the omitted columns; a BitSet is never changed once it is a key
        final Map<BitSet, Variant> variants = new ConcurrentHashMap<>();

        Plan(Field op, Field before, Field after, Schema rowSchema, Field[] rowFields, int[] toastable,
             Field[][] addedChains, Schema[] addedSchemas, Field[][] headerChains, Schema[] headerSchemas) {
            this.op = op;
            this.before = before;
            this.after = after;
            this.rowSchema = rowSchema;
            this.rowFields = rowFields;
            this.toastable = toastable;
            this.addedChains = addedChains;
            this.addedSchemas = addedSchemas;
            this.headerChains = headerChains;
            this.headerSchemas = headerSchemas;
            this.base = build(new BitSet());
        }

        Variant variant(BitSet omitted) {
            Variant variant = variants.get(omitted);
            if (variant == null) {
                variant = build(omitted);
                if (variants.size() < MAX_VARIANTS) {
                    variants.put(omitted, variant);
                }
            }
            return variant;
        }

        private Variant build(BitSet omitted) {
            SchemaBuilder builder = Schemas.structLike(rowSchema);
            for (int i = 0; i < rowFields.length; i++) {
                if (!omitted.get(i)) {
                    builder.field(rowFields[i].name(), rowFields[i].schema());
                }
            }
            for (int i = 0; i < addedSchemas.length; i++) {
                builder.field(fieldNames[i], addedSchemas[i]);
            }
            if (deletedName != null) {
                builder.field(deletedName, Schema.OPTIONAL_BOOLEAN_SCHEMA);
            }
            Schema schema = builder.build();
            Field[] rowTargets = new Field[rowFields.length];
            for (int i = 0; i < rowFields.length; i++) {
                if (!omitted.get(i)) {
                    rowTargets[i] = schema.field(rowFields[i].name());
                }
            }
            Field[] addedTargets = new Field[addedSchemas.length];
            for (int i = 0; i < addedTargets.length; i++) {
                addedTargets[i] = schema.field(fieldNames[i]);
            }
            return new Variant(schema, rowTargets, addedTargets, deletedName == null ? null : schema.field(deletedName));
        }
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
                String flat = String.join("_", path.segments());
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
