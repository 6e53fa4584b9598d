package io.tributary.connect.jdbc.schema;

import io.tributary.connect.jdbc.dialect.ColumnInfo;

/**
 * PostgreSQL's types by their names, which say more than java.sql.Types (json, uuid, interval, arrays,
 * timestamptz); everything else goes the standard way, and anything unknown (enums, ranges, geometric
 * types, inet) as its text.
 */
public class PostgresTypeMapper extends StandardTypeMapper {

    @Override
    public ColumnMapping map(ColumnInfo column, MappingOptions options) {
        boolean optional = column.nullable();
        String type = column.typeName() == null ? "" : column.typeName();
        if (type.startsWith("_")) {
            return ArrayColumns.map(type.substring(1), optional);
        }
        return switch (type) {
            case "int2", "smallserial" -> Readers.int16(optional);
            case "int4", "serial" -> Readers.int32(optional);
            case "int8", "bigserial", "oid" -> Readers.int64(optional);
            case "float4" -> Readers.float32(optional);
            case "float8" -> Readers.float64(optional);
            case "numeric" -> NumericColumns.map(column, options.numericMapping());
            case "bool" -> Readers.bool(optional);
            case "bytea" -> Readers.bytes(optional);
            case "date" -> Readers.date(optional);
            case "time" -> Readers.time(optional);
            case "timestamp" -> Readers.localTimestamp(optional, options.dbTimeZone());
            case "timestamptz" -> Readers.offsetTimestamp(optional);
            case "uuid" -> Readers.namedString(SchemaNames.UUID, optional);
            case "json", "jsonb" -> Readers.namedString(SchemaNames.JSON, optional);
            case "interval" -> IntervalColumns.map(optional);
            case "text", "varchar", "bpchar", "name", "char", "citext", "timetz", "money",
                    "xml" -> Readers.string(optional);
            default -> super.map(column, options);
        };
    }
}
