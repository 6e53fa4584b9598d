package io.tributary.connect.common.change;

import io.tributary.connect.common.data.Schemas;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * What one envelope schema needs, worked out once: where op, before and after are, the row layout, the chains to
 * the added fields and headers, and the output schemas, one per combination of omitted TOAST columns.
 */
final class EnvelopePlan {

    // the omitted-column combinations of one schema; past this many, variants are built but not kept
    private static final int MAX_VARIANTS = 64;

    final Field op;
    final Field before;
    final Field after;
    final Schema rowSchema;
    final Field[] rowFields;
    final int[] toastable;
    final Field[][] addedChains;
    final Field[][] headerChains;
    final Schema[] headerSchemas;
    final Variant base;
    private final Schema[] addedSchemas;
    private final String[] addedNames;
    private final String deletedName;
    // keyed by the omitted columns; a BitSet is never changed once it is a key
    private final Map<BitSet, Variant> variants = new ConcurrentHashMap<>();

    EnvelopePlan(Field op, Field before, Field after, Schema rowSchema, Field[] rowFields, int[] toastable,
                 Field[][] addedChains, Schema[] addedSchemas, String[] addedNames, String deletedName,
                 Field[][] headerChains, Schema[] headerSchemas) {
        this.op = op;
        this.before = before;
        this.after = after;
        this.rowSchema = rowSchema;
        this.rowFields = rowFields;
        this.toastable = toastable;
        this.addedChains = addedChains;
        this.addedSchemas = addedSchemas;
        this.addedNames = addedNames;
        this.deletedName = deletedName;
        this.headerChains = headerChains;
        this.headerSchemas = headerSchemas;
        this.base = build(new BitSet());
    }

    /** The output layout when the columns in {@code omitted} are left out. */
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
            builder.field(addedNames[i], addedSchemas[i]);
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
            addedTargets[i] = schema.field(addedNames[i]);
        }
        return new Variant(schema, rowTargets, addedTargets, deletedName == null ? null : schema.field(deletedName));
    }

    /** One output schema: the row's fields that are kept, then the added fields, then the deleted flag. */
    static final class Variant {
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
}
