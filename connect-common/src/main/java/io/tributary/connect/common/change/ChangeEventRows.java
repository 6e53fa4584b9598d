package io.tributary.connect.common.change;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.Schemas;
import io.tributary.connect.common.data.TypeNames;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;

/**
 * Turns a Debezium-format change event ({@code before}, {@code after}, {@code op}, {@code source},
 * {@code ts_ms}), with or without a schema, into the row it leaves behind, so that what reads the result
 * upserts and deletes by key. Only the envelope's Connect shape is read: creates, snapshot reads and updates
 * become {@code after}, deletes what {@link RowOptions#deleteHandling()} says, truncate and message events
 * nothing; unchanged TOAST columns are left out. The record key is left as it is.
 *
 * <p>What an envelope schema needs is worked out once per schema, so per record only the values are copied.
 * One instance serves one task: {@link #apply} takes no lock on the hot path.
 */
public final class ChangeEventRows {

    private final String owner;
    private final DeleteHandling deleteHandling;
    private final boolean dropTombstones;
    private final List<FieldPath> fieldPaths;
    private final String[] fieldNames;
    private final List<FieldPath> headerPaths;
    private final String[] headerNames;
    private final String deletedName;
    private final ToastPlaceholder toast;
    private final boolean passNonChangeEvents;
    private final PerSchemaCache<EnvelopePlan> plans;

    /**
     * @param options how events become rows
     * @param owner the name users know the caller by, which starts every error message
     */
    public ChangeEventRows(RowOptions options, String owner) {
        this.owner = owner;
        this.deleteHandling = options.deleteHandling();
        this.dropTombstones = options.dropTombstones();
        this.fieldPaths = options.addFields();
        this.fieldNames = options.addedFieldNames().toArray(String[]::new);
        this.headerPaths = options.addHeaders();
        this.headerNames = options.addedHeaderNames().toArray(String[]::new);
        this.deletedName = options.deletedFlagName();
        this.toast = options.toastPlaceholder() == null ? null : new ToastPlaceholder(options.toastPlaceholder());
        this.passNonChangeEvents = options.passNonChangeEvents();
        this.plans = new PerSchemaCache<>(this::planFor);
    }

    /**
     * The row record of a change event, the same record when it passes unchanged, or {@code null} for a record
     * to drop.
     *
     * @throws DataException when the record is not a change event (and such records do not pass) or is malformed
     */
    public <R extends ConnectRecord<R>> R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return dropTombstones ? null : record;
        }
        if (value instanceof Struct envelope) {
            Schema schema = record.valueSchema() != null ? record.valueSchema() : envelope.schema();
            EnvelopePlan plan = plans.get(schema);
            return plan == null ? record : applyStruct(record, envelope, plan);
        }
        if (value instanceof Map<?, ?> envelope) {
            return applyMap(record, envelope);
        }
        throw new DataException(owner + ": the record value must be a change event, a Struct or a Map, but it is "
            + TypeNames.of(value));
    }

    private <R extends ConnectRecord<R>> R applyStruct(R record, Struct envelope, EnvelopePlan plan) {
        String code = opCode(envelope.get(plan.op));
        Step step = stepFor(code);
        if (step == Step.SKIP) {
            return null;
        }
        if (step == Step.TOMBSTONE) {
            return newRecord(record, null, null, headersFrom(record, envelope, plan));
        }
        boolean deleted = step == Step.BEFORE;
        Struct row = deleted ? rowOf(envelope, plan.before, "before", code)
            : rowOf(envelope, plan.after, "after", code);
        Struct out = buildRow(row, envelope, plan, deleted);
        return newRecord(record, out.schema(), out, headersFrom(record, envelope, plan));
    }

    /** What a change event with an op code becomes. */
    private enum Step {
        /** The row after the change. */
        AFTER,
        /** The row before the change, marked deleted. */
        BEFORE,
        /** A record with a null value. */
        TOMBSTONE,
        /** Nothing. */
        SKIP
    }

    private String opCode(Object op) {
        if (!(op instanceof String code)) {
            throw new DataException(owner + ": field 'op' of the change event must be a string, but it is "
                + TypeNames.of(op));
        }
        return code;
    }

    private Step stepFor(String code) {
        switch (code) {
            case "c":
            case "r":
            case "u":
                return Step.AFTER;
            case "d":
                return switch (deleteHandling) {
                    case DROP -> Step.SKIP;
                    case TOMBSTONE -> Step.TOMBSTONE;
                    case REWRITE -> Step.BEFORE;
                };
            case "t":
            case "m":
                // truncates and logical-decoding messages have no row
                return Step.SKIP;
            default:
                throw unknownOp(code);
        }
    }

    private Struct rowOf(Struct envelope, Field field, String name, String op) {
        if (field == null) {
            throw new DataException(owner + ": a change event with op '" + op + "' needs field '" + name
                + "', but its schema " + TypeNames.of(envelope.schema()) + " has none");
        }
        Object row = envelope.get(field);
        if (row == null) {
            throw new DataException(owner + ": field '" + name + "' of a change event with op '" + op + "' is null"
                + ("before".equals(name) ? "; rewriting deletes needs the old row (REPLICA IDENTITY DEFAULT or FULL)"
                    : ""));
        }
        if (!(row instanceof Struct struct)) {
            throw new DataException(owner + ": field '" + name + "' of the change event must be a Struct, but it is "
                + TypeNames.of(row));
        }
        return struct;
    }

    private Struct buildRow(Struct row, Struct envelope, EnvelopePlan plan, boolean deleted) {
        if (row.schema() != plan.rowSchema && !row.schema().equals(plan.rowSchema)) {
            throw new DataException(owner + ": fields 'before' and 'after' of the change event have different "
                + "schemas, " + TypeNames.of(row.schema()) + " and " + TypeNames.of(plan.rowSchema));
        }
        Field[] inputs = plan.rowFields;
        EnvelopePlan.Variant variant = plan.base;
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

    private Headers headersFrom(ConnectRecord<?> record, Object envelope, EnvelopePlan plan) {
        if (headerNames.length == 0) {
            return record.headers();
        }
        Headers headers = record.headers().duplicate();
        for (int i = 0; i < headerNames.length; i++) {
            if (plan != null) {
                headers.add(headerNames[i], FieldPath.valueAt((Struct) envelope, plan.headerChains[i]),
                    plan.headerSchemas[i]);
            } else {
                headers.add(headerNames[i], headerPaths.get(i).valueIn(envelope, owner), null);
            }
        }
        return headers;
    }

    private <R extends ConnectRecord<R>> R applyMap(R record, Map<?, ?> envelope) {
        Object op = envelope.get("op");
        if (op == null) {
            if (passNonChangeEvents && !envelope.containsKey("op")) {
                return record;
            }
            throw notChangeEvent(envelope.containsKey("op") ? "its field 'op' is null" : "it has no field 'op'");
        }
        String code = opCode(op);
        Step step = stepFor(code);
        if (step == Step.SKIP) {
            return null;
        }
        if (step == Step.TOMBSTONE) {
            return newRecord(record, null, null, headersFrom(record, envelope, null));
        }
        boolean deleted = step == Step.BEFORE;
        Map<?, ?> row = rowOf(envelope, deleted ? "before" : "after", code);
        Map<String, Object> out = new LinkedHashMap<>(Math.max(16, (row.size() + fieldNames.length + 1) * 4 / 3 + 1));
        for (Map.Entry<?, ?> entry : row.entrySet()) {
            if (!(entry.getKey() instanceof String column)) {
                throw new DataException(owner + ": the row is a Map whose keys must be strings, but key '"
                    + entry.getKey() + "' is " + TypeNames.of(entry.getKey()));
            }
            if (toast == null || !toast.matches(entry.getValue())) {
                out.put(column, entry.getValue());
            }
        }
        for (int i = 0; i < fieldNames.length; i++) {
            putAdded(out, fieldNames[i], fieldPaths.get(i).valueIn(envelope, owner));
        }
        if (deletedName != null) {
            putAdded(out, deletedName, deleted);
        }
        return newRecord(record, null, out, headersFrom(record, envelope, null));
    }

    private Map<?, ?> rowOf(Map<?, ?> envelope, String name, String op) {
        Object row = envelope.get(name);
        if (row == null) {
            throw new DataException(owner + ": field '" + name + "' of a change event with op '" + op + "' is "
                + (envelope.containsKey(name) ? "null" : "missing")
                + ("before".equals(name) ? "; rewriting deletes needs the old row (REPLICA IDENTITY DEFAULT or FULL)"
                    : ""));
        }
        if (!(row instanceof Map<?, ?> map)) {
            throw new DataException(owner + ": field '" + name + "' of the change event must be a Map, but it is "
                + TypeNames.of(row));
        }
        return map;
    }

    private void putAdded(Map<String, Object> row, String name, Object value) {
        if (row.containsKey(name)) {
            throw columnClash(name);
        }
        row.put(name, value);
    }

    /** The plan for an envelope schema, or {@code null} when such records pass unchanged. */
    private EnvelopePlan planFor(Schema schema) {
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
            addedChains[i] = chainIn(schema, fieldPaths.get(i), RowOptions.ADD_FIELDS);
            addedSchemas[i] = Schemas.optional(addedChains[i][addedChains[i].length - 1].schema());
            if (rowSchema.field(fieldNames[i]) != null) {
                throw columnClash(fieldNames[i]);
            }
        }
        if (deletedName != null && rowSchema.field(deletedName) != null) {
            throw columnClash(deletedName);
        }
        Field[][] headerChains = new Field[headerPaths.size()][];
        Schema[] headerSchemas = new Schema[headerPaths.size()];
        for (int i = 0; i < headerChains.length; i++) {
            headerChains[i] = chainIn(schema, headerPaths.get(i), RowOptions.ADD_HEADERS);
            headerSchemas[i] = Schemas.optional(headerChains[i][headerChains[i].length - 1].schema());
        }
        return new EnvelopePlan(op, before, after, rowSchema, rowFields, Arrays.copyOf(toastable, count),
            addedChains, addedSchemas, fieldNames, deletedName, headerChains, headerSchemas);
    }

    private Field structField(Schema schema, String name) {
        Field field = schema.field(name);
        if (field != null && field.schema().type() != Schema.Type.STRUCT) {
            throw new DataException(owner + ": field '" + name + "' of the change event must be a Struct, but it is "
                + TypeNames.of(field.schema()));
        }
        return field;
    }

    private Field[] chainIn(Schema envelope, FieldPath path, String option) {
        Field[] chain = path.fieldsIn(envelope, owner);
        if (chain == null) {
            throw new DataException(owner + ": " + option + " names field '" + path + "', which the change event "
                + "schema " + TypeNames.of(envelope) + " does not have");
        }
        return chain;
    }

    private DataException columnClash(String name) {
        return new DataException(owner + ": cannot add field '" + name + "' because the row already has a column "
            + "of that name; change " + RowOptions.ADD_PREFIX);
    }

    private DataException notChangeEvent(String why) {
        return new DataException(owner + ": the record value is not a change event because " + why
            + "; set " + RowOptions.NON_CHANGE_EVENTS + "=pass to let such records through");
    }

    private DataException unknownOp(String code) {
        return new DataException(owner + ": field 'op' of the change event is '" + code
            + "', which is none of c, r, u, d, t, m");
    }

    private static <R extends ConnectRecord<R>> R newRecord(R record, Schema schema, Object value, Headers headers) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
            schema, value, record.timestamp(), headers);
    }
}
