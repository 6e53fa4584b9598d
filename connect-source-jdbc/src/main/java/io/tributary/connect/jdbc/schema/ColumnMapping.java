package io.tributary.connect.jdbc.schema;

import org.apache.kafka.connect.data.Schema;

/** A column's Connect schema and the reader that produces values of it. */
public record ColumnMapping(Schema schema, ColumnReader reader) {
}
