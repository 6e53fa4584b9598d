package io.tributary.connect.jdbc.schema;

import io.tributary.connect.jdbc.dialect.ColumnInfo;
import java.sql.Types;

/** java.sql.Types to Connect schemas, for any JDBC driver. */
public class StandardTypeMapper implements ColumnTypeMapper {

    @Override
    public ColumnMapping map(ColumnInfo column, MappingOptions options) {
        boolean optional = column.nullable();
        return switch (column.jdbcType()) {
            case Types.BOOLEAN -> Readers.bool(optional);
            case Types.BIT -> column.precision() <= 1 ? Readers.bool(optional) : Readers.string(optional);
            case Types.TINYINT -> Readers.int8(optional);
            case Types.SMALLINT -> Readers.int16(optional);
            case Types.INTEGER -> Readers.int32(optional);
            case Types.BIGINT -> Readers.int64(optional);
            case Types.REAL -> Readers.float32(optional);
            case Types.FLOAT, Types.DOUBLE -> Readers.float64(optional);
            case Types.NUMERIC, Types.DECIMAL -> NumericColumns.map(column, options.numericMapping());
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Readers.bytes(optional);
            case Types.DATE -> Readers.date(optional);
            case Types.TIME -> Readers.time(optional);
            case Types.TIMESTAMP -> Readers.localTimestamp(optional, options.dbTimeZone());
            case Types.TIMESTAMP_WITH_TIMEZONE -> Readers.offsetTimestamp(optional);
            // text, and every type without a closer match: its text form loses nothing
            default -> Readers.string(optional);
        };
    }
}
