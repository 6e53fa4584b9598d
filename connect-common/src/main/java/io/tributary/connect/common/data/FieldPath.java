package io.tributary.connect.common.data;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A dotted path such as {@code address.city} that names a field inside nested Structs (with a schema)
 * or nested Maps (schemaless). Segments are split on every dot, so a field whose own name contains a
 * dot cannot be addressed.
 *
 * <p>Resolution against a schema ({@link #fieldsIn}) happens once per schema and yields the chain of
 * {@link Field}s, so that per record {@link #valueAt(Struct, Field[])} only follows array indexes.
 */
public final class FieldPath {

    /** What {@link #resolve} returns when a segment names a field or key that is not there. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    private final String dotted;
    private final List<String> segments;

    private FieldPath(String dotted, List<String> segments) {
        this.dotted = dotted;
        this.segments = segments;
    }

    /**
     * Parses {@code dotted}.
     *
     * @throws IllegalArgumentException with the reason when the path is empty or has an empty segment
     */
    public static FieldPath parse(String dotted) {
        if (dotted == null || dotted.isBlank()) {
            throw new IllegalArgumentException("a field path must not be empty");
        }
        String trimmed = dotted.trim();
        // -1 keeps trailing empty strings, so "a." is reported instead of silently becoming "a"
        String[] parts = trimmed.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("field path '" + trimmed + "' has an empty segment");
            }
        }
        return new FieldPath(trimmed, List.of(parts));
    }

    public List<String> segments() {
        return segments;
    }

    /** The segments joined by underscores: the name of a field or header a value at this path is copied into. */
    public String flatName() {
        return String.join("_", segments);
    }

    public int length() {
        return segments.size();
    }

    public String leaf() {
        return segments.get(segments.size() - 1);
    }

    /**
     * The fields that lead from a Struct schema to this path's leaf, or {@code null} when a segment
     * names a field the schema does not have.
     *
     * @param owner what starts every error message (a transform's or connector's name)
     * @throws DataException when a segment before the leaf is not a Struct
     */
    public Field[] fieldsIn(Schema schema, String owner) {
        Field[] chain = new Field[segments.size()];
        Schema current = schema;
        for (int i = 0; i < chain.length; i++) {
            if (current.type() != Schema.Type.STRUCT) {
                throw notContainer(owner, i, current.type().name());
            }
            Field field = current.field(segments.get(i));
            if (field == null) {
                return null;
            }
            chain[i] = field;
            current = field.schema();
        }
        return chain;
    }

    /** The leaf's value, or {@code null} when it or any Struct on the way is null. */
    public static Object valueAt(Struct root, Field[] chain) {
        Struct current = root;
        int last = chain.length - 1;
        for (int i = 0; i < last; i++) {
            current = (Struct) current.get(chain[i]);
            if (current == null) {
                return null;
            }
        }
        return current.get(chain[last]);
    }

    /**
     * The value at this path inside {@code root}, a Struct or a Map whose nodes may be either.
     * Returns {@link #ABSENT} when a segment names a missing field or key, {@code null} when the leaf or
     * a node on the way is null.
     *
     * @param owner what starts every error message (a transform's or connector's name)
     * @throws DataException when {@code root} or a node before the leaf is neither a Struct nor a Map
     */
    public Object resolve(Object root, String owner) {
        Object current = root;
        for (int i = 0; i < segments.size(); i++) {
            if (current == null) {
                return null;
            }
            String segment = segments.get(i);
            if (current instanceof Struct struct) {
                Field field = struct.schema().field(segment);
                if (field == null) {
                    return ABSENT;
                }
                current = struct.get(field);
            } else if (current instanceof Map<?, ?> map) {
                current = map.get(segment);
                if (current == null && !map.containsKey(segment)) {
                    return ABSENT;
                }
            } else {
                throw notContainer(owner, i, TypeNames.of(current));
            }
        }
        return current;
    }

    /** Like {@link #resolve} but a missing field reads as {@code null}. */
    public Object valueIn(Object root, String owner) {
        Object value = resolve(root, owner);
        return value == ABSENT ? null : value;
    }

    private DataException notContainer(String owner, int index, String actualType) {
        String where = index == 0 ? "the record" : "'" + String.join(".", segments.subList(0, index)) + "'";
        return new DataException(owner + ": cannot resolve field '" + dotted + "' because " + where
            + " is " + actualType + ", not a Struct or a Map");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && dotted.equals(other.dotted);
    }

    @Override
    public int hashCode() {
        return dotted.hashCode();
    }

    @Override
    public String toString() {
        return dotted;
    }
}
