package io.tributary.connect.common.data;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** Schema building blocks that derived schemas (transform outputs, change-event rows) are built with. */
public final class Schemas {

    private Schemas() {
    }

    /** {@code schema} itself when it is optional, else a copy that is. */
    public static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder;
        switch (schema.type()) {
            case ARRAY:
                builder = SchemaBuilder.array(schema.valueSchema());
                break;
            case MAP:
                builder = SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
                break;
            case STRUCT:
                builder = SchemaBuilder.struct();
                for (Field field : schema.fields()) {
                    builder.field(field.name(), field.schema());
                }
                break;
            default:
                builder = SchemaBuilder.type(schema.type());
        }
        builder.name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        return builder.optional().build();
    }

    /**
     * A Struct builder that carries over {@code schema}'s name, version, doc, parameters and optionality,
     * so a derived schema still reads as the same logical type; the caller adds the fields.
     */
    public static SchemaBuilder structLike(Schema schema) {
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        if (schema.isOptional()) {
            builder.optional();
        }
        return builder;
    }

    /** The fields of a Struct schema as an array, for index loops on the hot path. */
    public static Field[] fieldsOf(Schema schema) {
        return schema.fields().toArray(new Field[0]);
    }
}
