package io.tributary.connect.jdbc.schema;

import io.tributary.connect.jdbc.dialect.ColumnInfo;

/** SQL column type to Connect schema and reader, for one database's types. */
public interface ColumnTypeMapper {

    /** Never null: a type without a closer match is read as its text form, never dropped. */
    ColumnMapping map(ColumnInfo column, MappingOptions options);
}
