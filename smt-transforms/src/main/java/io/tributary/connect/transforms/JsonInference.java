package io.tributary.connect.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect schemas inferred from parsed JSON, and the values that fit them. Documents of one shape get
 * one schema instance, so converters and sinks downstream that cache by schema keep hitting their caches.
 *
 * <p>Rules: an object is an optional Struct with its fields in document order; an integer that fits 64 bits
 * is INT64, any other number FLOAT64; a string STRING, a boolean BOOLEAN; null, or an array with no
 * non-null element, has no type of its own and becomes an optional STRING. Array elements are merged:
 * INT64 with FLOAT64 is FLOAT64, objects are merged field by field, null fits anything; other mixes fail.
 */
final class JsonInference {

    // shapes seen; a stream with more than this many distinct shapes still works, without reuse for the rest
    private static final int MAX_SHAPES = 1024;

    private final Map<Shape, Schema> schemas = new ConcurrentHashMap<>();

    /** A schema and a value for {@code node}. @throws IllegalArgumentException when an array mixes types */
    SchemaAndValue withSchema(JsonNode node) {
        if (node.isNull()) {
            return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, null);
        }
        Schema schema = schemaOf(shapeOf(node));
        return new SchemaAndValue(schema, valueOf(node, schema));
    }

    /** The value of {@code node} as schemaless Connect data: Map, List, Long, Double, String, Boolean. */
    static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                Map<String, Object> map = new LinkedHashMap<>(Math.max(16, node.size() * 4 / 3 + 1));
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    map.put(entry.getKey(), plain(entry.getValue()));
                }
                return map;
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(plain(element));
                }
                return list;
            case NUMBER:
                return isLong(node) ? (Object) node.longValue() : (Object) node.doubleValue();
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return null;
        }
    }

    private static boolean isLong(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong();
    }

    private static Shape shapeOf(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                List<String> names = new ArrayList<>(node.size());
                List<Shape> shapes = new ArrayList<>(node.size());
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    names.add(entry.getKey());
                    shapes.add(shapeOf(entry.getValue()));
                }
                return new Obj(names, shapes);
            case ARRAY:
                Shape element = Unknown.INSTANCE;
                for (JsonNode item : node) {
                    element = merge(element, shapeOf(item));
                }
                return new Arr(element);
            case NUMBER:
                return isLong(node) ? Prim.INT64 : Prim.FLOAT64;
            case STRING:
                return Prim.STRING;
            case BOOLEAN:
                return Prim.BOOLEAN;
            default:
                return Unknown.INSTANCE;
        }
    }

    private static Shape merge(Shape a, Shape b) {
        if (a.equals(b) || b == Unknown.INSTANCE) {
            return a;
        }
        if (a == Unknown.INSTANCE) {
            return b;
        }
        if (a instanceof Prim pa && b instanceof Prim pb && pa != Prim.STRING && pa != Prim.BOOLEAN
            && pb != Prim.STRING && pb != Prim.BOOLEAN) {
            return Prim.FLOAT64;
        }
        if (a instanceof Arr aa && b instanceof Arr ab) {
            return new Arr(merge(aa.element(), ab.element()));
        }
        if (a instanceof Obj oa && b instanceof Obj ob) {
            List<String> names = new ArrayList<>(oa.names());
            List<Shape> shapes = new ArrayList<>(oa.shapes());
            for (int i = 0; i < ob.names().size(); i++) {
                int at = names.indexOf(ob.names().get(i));
                if (at < 0) {
                    names.add(ob.names().get(i));
                    shapes.add(ob.shapes().get(i));
                } else {
                    shapes.set(at, merge(shapes.get(at), ob.shapes().get(i)));
                }
            }
            return new Obj(names, shapes);
        }
        throw new IllegalArgumentException("an array mixes " + a.describe() + " and " + b.describe() + " elements");
    }

    private Schema schemaOf(Shape shape) {
        Schema cached = schemas.get(shape);
        if (cached != null) {
            return cached;
        }
        Schema schema;
        if (shape instanceof Prim prim) {
            schema = prim.schema;
        } else if (shape instanceof Arr arr) {
            schema = SchemaBuilder.array(schemaOf(arr.element())).optional().build();
        } else if (shape instanceof Obj obj) {
            SchemaBuilder builder = SchemaBuilder.struct().optional();
            for (int i = 0; i < obj.names().size(); i++) {
                builder.field(obj.names().get(i), schemaOf(obj.shapes().get(i)));
            }
            schema = builder.build();
        } else {
            schema = Schema.OPTIONAL_STRING_SCHEMA;
        }
        if (schemas.size() < MAX_SHAPES) {
            Schema raced = schemas.putIfAbsent(shape, schema);
            return raced != null ? raced : schema;
        }
        return schema;
    }

    private static Object valueOf(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (schema.type()) {
            case STRUCT:
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, valueOf(node.get(field.name()), field.schema()));
                }
                return struct;
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(valueOf(element, schema.valueSchema()));
                }
                return list;
            case INT64:
                return node.longValue();
            case FLOAT64:
                return node.doubleValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return node.textValue();
        }
    }

    /** The type structure of a JSON document, without its values; equal shapes share a schema. */
    private interface Shape {
        String describe();
    }

    private enum Prim implements Shape {
        INT64(Schema.OPTIONAL_INT64_SCHEMA), FLOAT64(Schema.OPTIONAL_FLOAT64_SCHEMA),
        STRING(Schema.OPTIONAL_STRING_SCHEMA), BOOLEAN(Schema.OPTIONAL_BOOLEAN_SCHEMA);

        final Schema schema;

        Prim(Schema schema) {
            this.schema = schema;
        }

        @Override
        public String describe() {
            return name();
        }
    }

    private enum Unknown implements Shape {
        INSTANCE;

        @Override
        public String describe() {
            return "null";
        }
    }

    private record Arr(Shape element) implements Shape {
        @Override
        public String describe() {
            return "ARRAY";
        }
    }

    private record Obj(List<String> names, List<Shape> shapes) implements Shape {
        @Override
        public String describe() {
            return "STRUCT";
        }
    }
}
