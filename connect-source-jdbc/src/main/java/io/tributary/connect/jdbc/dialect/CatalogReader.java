package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.TableId;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tables, keys and columns through JDBC's DatabaseMetaData, which every driver implements. */
final class CatalogReader {

    private CatalogReader() {
    }

    static List<SourceTable> tables(Connection connection, String schemaPattern,
                                    List<String> types) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        List<SourceTable> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(connection.getCatalog(), schemaPattern, "%", types.toArray(String[]::new))) {
            while (rs.next()) {
                tables.add(new SourceTable(new TableId(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME")),
                        rs.getString("TABLE_TYPE")));
            }
        }
        tables.sort(null);
        return tables;
    }

    static List<String> primaryKey(Connection connection, TableId table) throws SQLException {
        // getPrimaryKeys takes exact names, not patterns, so capitals and underscores need no escaping
        Map<Short, String> columns = new TreeMap<>();
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(connection.getCatalog(), table.schema(),
                table.table())) {
            while (rs.next()) {
                columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(columns.values());
    }

    /**
     * The columns of a FROM item, described by the database without running the statement (a function the
     * query calls is not called). A driver that cannot describe a statement before it runs gets WHERE 1 = 0,
     * which returns no row.
     */
    static List<ColumnInfo> columns(Connection connection, String fromClause) throws SQLException {
        String sql = "SELECT * FROM " + fromClause + " WHERE 1 = 0";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ResultSetMetaData described = statement.getMetaData();
            if (described != null) {
                return ColumnInfo.describe(described);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return ColumnInfo.describe(rs.getMetaData());
            }
        }
    }
}
