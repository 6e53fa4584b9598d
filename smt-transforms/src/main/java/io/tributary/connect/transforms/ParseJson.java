package io.tributary.connect.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.config.FieldPathValidator;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PerSchemaCache;
import io.tributary.connect.common.data.Schemas;
import io.tributary.connect.common.data.TypeNames;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Parses a JSON string, a field such as a jsonb column or the whole key or value, into Connect data, so a
 * sink such as Elasticsearch receives objects rather than strings. Use {@link Key} or {@link Value}.
 */
public abstract class ParseJson<R extends ConnectRecord<R>> extends KeyOrValueTransformation<R> {

    public static final String OVERVIEW_DOC = "Parses a JSON string in the record key (<code>"
        + "io.tributary.connect.transforms.ParseJson$Key</code>) or value (<code>"
        + "io.tributary.connect.transforms.ParseJson$Value</code>): one field, or the whole key or value. "
        + "With a schema the JSON becomes a Struct (or array or primitive) with a schema inferred from the "
        + "document and reused for every document of the same shape: objects are optional Structs with their "
        + "fields in document order, integers that fit 64 bits INT64, other numbers FLOAT64, null and empty "
        + "arrays optional STRING; array elements are merged (INT64 with FLOAT64, objects field by field). "
        + "Without a schema it becomes Maps, Lists, Longs, Doubles, Strings and Booleans. Invalid JSON fails "
        + "the record. Null strings and tombstones pass through unchanged.";

    public static final String FIELD_CONFIG = "field";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELD_CONFIG, ConfigDef.Type.STRING, "",
            FieldPathValidator.single().orEmptyFor("the whole key or value"), ConfigDef.Importance.HIGH,
            "The STRING field that holds the JSON, as a name or a dotted path into nested Structs or Maps "
                + "(<code>payload.attributes</code>); a record without it passes unchanged. Empty (the default): "
                + "the whole key or value is the JSON string.");

    private static final String NAME = "ParseJson";
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // output schemas per parsed schema, per input schema; bounded like the inferred shapes
    private static final int MAX_OUTPUTS = 1024;

    private FieldPath path;
    private JsonInference inference;
    private PerSchemaCache<FieldPlan> plans;

    ParseJson(RecordPart part) {
        super(NAME, CONFIG_DEF, part);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        String field = config.getString(FIELD_CONFIG).trim();
        path = field.isEmpty() ? null : FieldPath.parse(field);
        inference = new JsonInference();
        plans = new PerSchemaCache<>(this::planFor);
    }

    /** With a field, the part holds it in a Struct or a Map; without one, the whole part is the JSON. */
    @Override
    public R apply(R record) {
        if (path != null) {
            return super.apply(record);
        }
        Object value = operatingValue(record);
        return value == null ? record : applyWhole(record, operatingSchema(record), value);
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> map) {
        Map<?, ?> parsed = parseInMap(map, 0);
        return parsed == map ? record : newRecord(record, null, parsed);
    }

    @Override
    protected R applyWithSchema(R record, Struct struct, Schema schema) {
        FieldPlan plan = plans.get(schema);
        if (plan == null) {
            return record;
        }
        Object json = FieldPath.valueAt(struct, plan.chain);
        if (json == null) {
            return record;
        }
        SchemaAndValue parsed = infer(parse((String) json));
        Output output = plan.outputFor(parsed.schema());
        return newRecord(record, output.schemas[0], rebuild(struct, output, 0, parsed.value()));
    }

    private R applyWhole(R record, Schema schema, Object value) {
        if (schema != null && schema.type() != Schema.Type.STRING) {
            throw new DataException(NAME + ": the record " + part() + " must be a JSON string, but its schema is "
                + TypeNames.of(schema));
        }
        if (!(value instanceof String text)) {
            throw new DataException(NAME + ": the record " + part() + " must be a JSON string, but it is "
                + TypeNames.of(value));
        }
        JsonNode node = parse(text);
        if (schema == null) {
            return newRecord(record, null, JsonInference.plain(node));
        }
        SchemaAndValue parsed = infer(node);
        return newRecord(record, parsed.schema(), parsed.value());
    }

    private JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DataException(NAME + ": " + where() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private SchemaAndValue infer(JsonNode node) {
        try {
            return inference.withSchema(node);
        } catch (IllegalArgumentException e) {
            throw new DataException(NAME + ": " + where() + " has no schema that fits it: " + e.getMessage(), e);
        }
    }

    private String where() {
        return path == null ? "the record " + part() : "field '" + path + "' of the record " + part();
    }

    private Map<?, ?> parseInMap(Map<?, ?> map, int depth) {
        String segment = path.segments().get(depth);
        Object child = map.get(segment);
        if (child == null) {
            return map;
        }
        Object replacement;
        if (depth == path.length() - 1) {
            if (!(child instanceof String text)) {
                throw new DataException(NAME + ": " + where() + " must be a JSON string, but it is "
                    + TypeNames.of(child));
            }
            replacement = JsonInference.plain(parse(text));
        } else if (child instanceof Map<?, ?> nested) {
            replacement = parseInMap(nested, depth + 1);
            if (replacement == nested) {
                return map;
            }
        } else {
            throw new DataException(NAME + ": cannot resolve field '" + path + "' because '"
                + String.join(".", path.segments().subList(0, depth + 1)) + "' is " + TypeNames.of(child)
                + ", not a Struct or a Map");
        }
        // the input belongs to the caller and must not change
        Map<Object, Object> copy = new HashMap<>(map);
        copy.put(segment, replacement);
        return copy;
    }

    private Struct rebuild(Struct input, Output output, int depth, Object leafValue) {
        Struct out = new Struct(output.schemas[depth]);
        Field[] inFields = output.plan.levels[depth];
        Field[] outFields = output.fields[depth];
        int replaced = output.plan.chain[depth].index();
        for (int i = 0; i < inFields.length; i++) {
            Object value = input.get(inFields[i]);
            if (i == replaced) {
                value = depth == output.plan.chain.length - 1 ? leafValue
                    : rebuild((Struct) value, output, depth + 1, leafValue);
            }
            out.put(outFields[i], value);
        }
        return out;
    }

    /** The plan for a Struct schema, or {@code null} when it lacks the field and records pass unchanged. */
    private FieldPlan planFor(Schema schema) {
        Field[] chain = path.fieldsIn(schema, NAME);
        if (chain == null) {
            return null;
        }
        Schema leaf = chain[chain.length - 1].schema();
        if (leaf.type() != Schema.Type.STRING) {
            throw new DataException(NAME + ": field '" + path + "' of the record " + part()
                + " must be a JSON string, but it is " + TypeNames.of(leaf));
        }
        Schema[] levelSchemas = new Schema[chain.length];
        Field[][] levels = new Field[chain.length][];
        Schema current = schema;
        for (int i = 0; i < chain.length; i++) {
            levelSchemas[i] = current;
            levels[i] = Schemas.fieldsOf(current);
            current = chain[i].schema();
        }
        return new FieldPlan(chain, levelSchemas, levels);
    }

    /** Where the JSON field is in one input schema, and the output schemas per inferred JSON schema. */
    private static final class FieldPlan {
        final Field[] chain;
        final Schema[] levelSchemas;
        final Field[][] levels;
        final Map<Schema, Output> outputs = new ConcurrentHashMap<>();

        FieldPlan(Field[] chain, Schema[] levelSchemas, Field[][] levels) {
            this.chain = chain;
            this.levelSchemas = levelSchemas;
            this.levels = levels;
        }

        Output outputFor(Schema parsed) {
            // inferred schemas are interned, so identity hashing would do; equals is only a fallback
            Output output = outputs.get(parsed);
            if (output == null) {
                output = new Output(this, parsed);
                if (outputs.size() < MAX_OUTPUTS) {
                    outputs.put(parsed, output);
                }
            }
            return output;
        }
    }

    /** The output Struct schema of each level of the path, and their fields, for one inferred schema. */
    private static final class Output {
        final FieldPlan plan;
        final Schema[] schemas;
        final Field[][] fields;

        Output(FieldPlan plan, Schema parsed) {
            this.plan = plan;
            int depth = plan.chain.length;
            schemas = new Schema[depth];
            fields = new Field[depth][];
            Schema child = parsed;
            for (int level = depth - 1; level >= 0; level--) {
                SchemaBuilder builder = Schemas.structLike(plan.levelSchemas[level]);
                for (Field field : plan.levels[level]) {
                    builder.field(field.name(), field.index() == plan.chain[level].index() ? child : field.schema());
                }
                schemas[level] = builder.build();
                fields[level] = Schemas.fieldsOf(schemas[level]);
                child = schemas[level];
            }
        }
    }

    /** Parses JSON in the record key. */
    public static class Key<R extends ConnectRecord<R>> extends ParseJson<R> {
        public Key() {
            super(RecordPart.KEY);
        }
    }

    /** Parses JSON in the record value. */
    public static class Value<R extends ConnectRecord<R>> extends ParseJson<R> {
        public Value() {
            super(RecordPart.VALUE);
        }
    }
}
