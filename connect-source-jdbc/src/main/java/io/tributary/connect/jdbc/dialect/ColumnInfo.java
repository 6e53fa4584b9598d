package io.tributary.connect.jdbc.dialect;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** A column as the catalog or a result set describes it. */
public record ColumnInfo(String name, int jdbcType, String typeName, int precision, int scale, boolean nullable) {

    /** Strictly increasing values are possible: an integer type, or an exact numeric with scale 0. */
    public boolean isIntegral() {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
            case Types.NUMERIC, Types.DECIMAL -> scale == 0 && precision > 0 && precision <= 18;
            default -> false;
        };
    }

    /** A point in time that can order rows. */
    public boolean isTemporal() {
        return switch (jdbcType) {
            case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> true;
            default -> false;
        };
    }

    /** The columns of a result, in order. */
    public static List<ColumnInfo> describe(ResultSetMetaData meta) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new ColumnInfo(meta.getColumnLabel(i), meta.getColumnType(i), meta.getColumnTypeName(i),
                    meta.getPrecision(i), meta.getScale(i), meta.isNullable(i) != ResultSetMetaData.columnNoNulls));
        }
        return columns;
    }

    /** The 1-based position of a column by exact name, else by case-insensitive name; 0 when absent. */
    public static int position(List<ColumnInfo> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i + 1;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i + 1;
            }
        }
        return 0;
    }
}
