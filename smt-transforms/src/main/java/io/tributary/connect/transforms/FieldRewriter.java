package io.tributary.connect.transforms;

import io.tributary.connect.common.data.FieldTree;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.Schemas;
import io.tributary.connect.common.data.TypeNames;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Rewrites the values at the paths of a {@link FieldTree} inside Structs (with a schema) and Maps
 * (schemaless, or a Map field of a Struct), leaving everything else as it is; what happens at a path is the
 * transform's {@link Leaves}. Inputs belong to the caller and are never changed.
 *
 * <p>For a Struct, everything that depends only on the schema is worked out once per schema, as a plan:
 * which fields to copy, which to descend into, each leaf's checked rewrite and the output schema. A record
 * then costs one copy of each Struct on a configured path and one call per non-null leaf.
 *
 * @param <L> what a leaf of the tree carries
 */
final class FieldRewriter<L> {

    /** What a transform does at the leaves of its tree. */
    interface Leaves<L> {

        /**
         * Whether every rewrite keeps the value's schema. Only then can values inside a Map field of a
         * Struct be rewritten, because all of them share the Map's one value schema.
         */
        boolean keepSchema();

        /**
         * Plans the rewrite of a Struct field at a leaf, once per schema.
         *
         * @param path the leaf's dotted path, for messages
         * @throws DataException when a field of this schema cannot be rewritten
         */
        LeafPlan plan(L leaf, Schema schema, String path);

        /**
         * Rewrites a non-null value at a leaf inside a Map.
         *
         * @param valueSchema the Map's value schema, or {@code null} when the record is schemaless
         * @param path        the leaf's dotted path, for messages
         */
        Object rewrite(L leaf, Object value, Schema valueSchema, String path);
    }

    /**
     * A leaf as planned for one field schema: the field's schema in the output and how a non-null value
     * becomes the output value.
     */
    record LeafPlan(Schema schema, UnaryOperator<Object> rewrite) {
    }

    private final FieldTree<L> tree;
    private final Leaves<L> leaves;
    private final String owner;
    private final String verb;
    private final boolean keepsSchema;
    private final PerSchemaCache<StructPlan> plans;

    /**
     * @param owner the transform's name, which starts every error message
     * @param verb  what the transform does, for messages such as "cannot mask inside field 'x'"
     */
    FieldRewriter(FieldTree<L> tree, Leaves<L> leaves, String owner, String verb) {
        this.tree = tree;
        this.leaves = leaves;
        this.owner = owner;
        this.verb = verb;
        this.keepsSchema = leaves.keepSchema();
        this.plans = new PerSchemaCache<>(schema -> plan(schema, tree));
    }

    /**
     * The rewritten copy of {@code struct}, or {@code struct} itself when {@code schema} has none of the
     * configured paths. Its schema is the output schema, cached per input schema.
     *
     * @param schema the schema the record declares for {@code struct}, which chooses the plan
     */
    Struct rewrite(Struct struct, Schema schema) {
        StructPlan plan = plans.get(schema);
        return plan.isEmpty() ? struct : rewriteStruct(struct, plan);
    }

    /** Whether every rewrite keeps the value's schema, as {@link Leaves#keepSchema()} says. */
    boolean keepsSchema() {
        return keepsSchema;
    }

    /** The rewritten copy of a schemaless {@code map}, or {@code map} itself when nothing in it changes. */
    Map<?, ?> rewrite(Map<?, ?> map) {
        return rewriteMap(map, tree, null);
    }

    private Struct rewriteStruct(Struct struct, StructPlan plan) {
        Struct out = new Struct(plan.schema != null ? plan.schema : struct.schema());
        Field[] inputs = plan.inputs;
        Field[] outputs = plan.outputs;
        Object[] steps = plan.steps;
        for (int i = 0; i < inputs.length; i++) {
            Object value = struct.get(inputs[i]);
            Object step = steps[i];
            if (step != null && value != null) {
                value = apply(step, value);
            }
            out.put(outputs[i], value);
        }
        return out;
    }

    private Object apply(Object step, Object value) {
        if (step instanceof LeafPlan leaf) {
            return leaf.rewrite().apply(value);
        }
        if (step instanceof StructPlan nested) {
            return rewriteStruct((Struct) value, nested);
        }
        @SuppressWarnings("unchecked")
        MapStep<L> map = (MapStep<L>) step;
        return rewriteMap((Map<?, ?>) value, map.node(), map.valueSchema());
    }

    private Map<?, ?> rewriteMap(Map<?, ?> map, FieldTree<L> node, Schema valueSchema) {
        // copied only once something changes: the input belongs to the caller and must not change
        Map<Object, Object> out = null;
        for (Map.Entry<String, FieldTree<L>> child : node.children().entrySet()) {
            Object value = map.get(child.getKey());
            if (value == null) {
                continue;
            }
            FieldTree<L> target = child.getValue();
            Object replacement;
            if (target.isLeaf()) {
                replacement = leaves.rewrite(target.leaf(), value, valueSchema, target.path());
            } else if (value instanceof Map<?, ?> nested) {
                replacement = rewriteMap(nested, target,
                    valueSchema != null && valueSchema.type() == Schema.Type.MAP ? valueSchema.valueSchema() : null);
            } else if (value instanceof Struct struct) {
                // a Struct inside a Map is rare enough not to deserve a cache
                StructPlan plan = plan(struct.schema(), target);
                replacement = plan.isEmpty() ? struct : rewriteStruct(struct, plan);
            } else {
                throw notContainer(target.path(), TypeNames.of(value), "a Struct or a Map");
            }
            if (replacement == value) {
                continue;
            }
            if (out == null) {
                // a HashMap copies faster than an ordered map, and a schemaless value has no field order to keep
                out = new HashMap<>(map);
            }
            out.put(child.getKey(), replacement);
        }
        return out != null ? out : map;
    }

    private StructPlan plan(Schema schema, FieldTree<L> node) {
        Field[] inputs = Schemas.fieldsOf(schema);
        Object[] steps = new Object[inputs.length];
        Schema[] outSchemas = new Schema[inputs.length];
        boolean schemaChanges = false;
        for (int i = 0; i < inputs.length; i++) {
            Field field = inputs[i];
            Schema fieldSchema = field.schema();
            outSchemas[i] = fieldSchema;
            FieldTree<L> target = node.child(field.name());
            if (target == null) {
                continue;
            }
            if (target.isLeaf()) {
                LeafPlan leaf = leaves.plan(target.leaf(), fieldSchema, target.path());
                steps[i] = leaf;
                outSchemas[i] = leaf.schema();
            } else if (fieldSchema.type() == Schema.Type.STRUCT) {
                StructPlan nested = plan(fieldSchema, target);
                if (!nested.isEmpty()) {
                    steps[i] = nested;
                    if (nested.schema != null) {
                        outSchemas[i] = nested.schema;
                    }
                }
            } else if (fieldSchema.type() == Schema.Type.MAP && leaves.keepSchema()) {
                steps[i] = new MapStep<>(target, fieldSchema.valueSchema());
            } else {
                throw notContainer(target.path(), TypeNames.of(fieldSchema),
                    leaves.keepSchema() ? "a Struct or a Map" : "a Struct");
            }
            schemaChanges |= outSchemas[i] != fieldSchema;
        }
        if (!schemaChanges) {
            return new StructPlan(null, inputs, inputs, steps);
        }
        SchemaBuilder builder = Schemas.structLike(schema);
        for (int i = 0; i < inputs.length; i++) {
            builder.field(inputs[i].name(), outSchemas[i]);
        }
        Schema out = builder.build();
        return new StructPlan(out, inputs, Schemas.fieldsOf(out), steps);
    }

    private DataException notContainer(String path, String actualType, String expected) {
        return new DataException(owner + ": cannot " + verb + " inside field '" + path + "' because it is "
            + actualType + ", not " + expected);
    }

    /**
     * One Struct schema's rewrite: per field, {@code null} to copy it, a {@link LeafPlan}, the nested plan of
     * a Struct or the {@link MapStep} of a Map. The output schema is {@code null} when every field keeps its
     * schema; the output is then built on the input's own schema, as its fields are.
     */
    private static final class StructPlan {
        final Schema schema;
        final Field[] inputs;
        final Field[] outputs;
        final Object[] steps;
        private final boolean empty;

        StructPlan(Schema schema, Field[] inputs, Field[] outputs, Object[] steps) {
            this.schema = schema;
            this.inputs = inputs;
            this.outputs = outputs;
            this.steps = steps;
            boolean none = true;
            for (Object step : steps) {
                none &= step == null;
            }
            this.empty = none;
        }

        boolean isEmpty() {
            return empty;
        }
    }

    /** Descends into a Map field of a Struct; the Map's keys are looked up per record. */
    private record MapStep<L>(FieldTree<L> node, Schema valueSchema) {
    }
}
