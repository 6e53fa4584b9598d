package io.tributary.connect.jdbc.schema;

import io.tributary.connect.jdbc.dialect.ColumnInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Connect schemas of one result shape and everything per-row work needs, computed once: fields,
 * readers and result-set positions in arrays, the key's positions among the fields.
 */
public final class RowSchema {

    private static final Logger LOG = LoggerFactory.getLogger(RowSchema.class);

    private final List<ColumnInfo> columns;
    private final String description;
    private final NumericSpecialValues specialValues;
    /** Per field: whether a value its type cannot carry was written as null and logged already. */
    private final boolean[] warned;
    private final Schema valueSchema;
    private final Field[] fields;
    private final ColumnReader[] readers;
    private final int[] resultIndexes;
    private final Schema keySchema;
    /** The key's columns among the value's fields, and the same fields of a composite key's struct, in key order. */
    private final Field[] keyFields;
    private final Field[] keyStructFields;

    private RowSchema(List<ColumnInfo> columns, String description, NumericSpecialValues specialValues,
                      Schema valueSchema, Field[] fields, ColumnReader[] readers, int[] resultIndexes,
                      Schema keySchema, Field[] keyFields) {
        this.columns = columns;
        this.description = description;
        this.specialValues = specialValues;
        this.warned = new boolean[fields.length];
        this.valueSchema = valueSchema;
        this.fields = fields;
        this.readers = readers;
        this.resultIndexes = resultIndexes;
        this.keySchema = keySchema;
        this.keyFields = keyFields;
        // a composite key is filled by field, not by name: no lookup of the name per row and column
        this.keyStructFields = keySchema != null && keySchema.type() == Schema.Type.STRUCT && keyFields.length > 1
                ? keySchema.fields().toArray(Field[]::new) : new Field[0];
    }

    /**
     * @param columns     the result's columns in order (1-based position = list index + 1)
     * @param hidden      how many trailing columns are the connector's own bookkeeping, not row data
     * @param name        the value schema's name: the table, or the query name
     * @param description what the rows come from, for messages: "table public.orders", "query q"
     * @param keyColumns  the primary key's columns in key order; empty for no key
     */
    public static RowSchema of(List<ColumnInfo> columns, int hidden, String name, String description,
                               List<String> keyColumns, ColumnTypeMapper mapper, MappingOptions options) {
        int count = columns.size() - hidden;
        SchemaBuilder value = SchemaBuilder.struct().name(name);
        ColumnReader[] readers = new ColumnReader[count];
        int[] indexes = new int[count];
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ColumnInfo column = columns.get(i);
            if (seen.contains(column.name())) {
                throw new ConnectException("The result of " + name + " has two columns named '" + column.name()
                        + "'; give them distinct names (AS ...) in the query");
            }
            seen.add(column.name());
            ColumnMapping mapping = mapper.map(column, options);
            value.field(column.name(), mapping.schema());
            readers[i] = mapping.reader();
            indexes[i] = i + 1;
        }
        Schema valueSchema = value.build();
        Field[] fields = valueSchema.fields().toArray(Field[]::new);
        Schema keySchema = null;
        Field[] keyFields = new Field[0];
        if (!keyColumns.isEmpty() && keyColumns.stream().allMatch(seen::contains)) {
            keyFields = keyColumns.stream().map(valueSchema::field).toArray(Field[]::new);
            if (keyFields.length == 1) {
                keySchema = keyFields[0].schema();
            } else {
                SchemaBuilder key = SchemaBuilder.struct().name(name + ".Key");
                for (Field field : keyFields) {
                    key.field(field.name(), field.schema());
                }
                keySchema = key.build();
            }
        }
        return new RowSchema(List.copyOf(columns), description, options.numericSpecialValues(), valueSchema, fields,
                readers, indexes, keySchema, keyFields);
    }

    /** The columns this was built from, to tell whether a new result has the same shape. */
    public List<ColumnInfo> columns() {
        return columns;
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    /** Null when rows have no key. */
    public Schema keySchema() {
        return keySchema;
    }

    public Struct readValue(ResultSet row) throws SQLException {
        Struct struct = new Struct(valueSchema);
        for (int i = 0; i < fields.length; i++) {
            Object value;
            try {
                value = readers[i].read(row, resultIndexes[i]);
            } catch (UnrepresentableValueException e) {
                value = unrepresentable(i, e);
            }
            struct.put(fields[i], value);
        }
        return struct;
    }

    /** Null for a value the field's type cannot carry, as numeric.special.values allows; else the task fails. */
    private Object unrepresentable(int field, UnrepresentableValueException e) {
        String name = fields[field].name();
        String column = "Column '" + name + "' of " + description + " holds " + e.value() + ", which Connect's "
                + e.connectType() + " cannot carry";
        String keep = (e.bestFitKeepsIt() ? "numeric.mapping=best_fit (a float64 field carries NaN, Infinity and "
                + "-Infinity) or " : "") + "a query that casts the column to double precision or text";
        if (specialValues == NumericSpecialValues.FAIL) {
            throw new ConnectException(column + " (numeric.special.values=fail). Keep such values with " + keep
                    + ", write null for them with numeric.special.values=null, or change the row; the task resumes "
                    + "after the last row it delivered.");
        }
        if (!fields[field].schema().isOptional()) {
            throw new ConnectException(column + ", and it is NOT NULL, so its field cannot be null either. Keep such "
                    + "values with " + keep + ", turn them into NULL in such a query (NULLIF(" + name + ", 'NaN')), "
                    + "or change the row; the task resumes after the last row it delivered.");
        }
        if (!warned[field]) {
            warned[field] = true;
            LOG.warn("{}: written as null (numeric.special.values=null), here and without another warning in later "
                    + "rows. Keep such values with {}; numeric.special.values=fail stops the task instead.",
                    column, keep);
        }
        return null;
    }

    /** The key of a row already read into {@code value}; null when rows have no key. */
    public Object key(Struct value) {
        if (keySchema == null) {
            return null;
        }
        if (keyFields.length == 1) {
            return value.get(keyFields[0]);
        }
        Struct key = new Struct(keySchema);
        for (int i = 0; i < keyFields.length; i++) {
            key.put(keyStructFields[i], value.get(keyFields[i]));
        }
        return key;
    }
}
