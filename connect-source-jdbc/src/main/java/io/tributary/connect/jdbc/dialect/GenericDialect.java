package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.TableId;
import io.tributary.connect.jdbc.schema.ColumnTypeMapper;
import io.tributary.connect.jdbc.schema.StandardTypeMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ANSI SQL and plain JDBC: double-quoted identifiers, DatabaseMetaData, java.sql.Types. The fallback for
 * any database without a dialect of its own; it has no in-flight guard.
 */
public class GenericDialect implements DatabaseDialect {

    private final ColumnTypeMapper typeMapper;

    public GenericDialect() {
        this(new StandardTypeMapper());
    }

    protected GenericDialect(ColumnTypeMapper typeMapper) {
        this.typeMapper = typeMapper;
    }

    @Override
    public String name() {
        return "generic ANSI SQL";
    }

    @Override
    public boolean handles(String jdbcUrl) {
        return true;
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public Map<String, String> connectionProperties() {
        return Map.of();
    }

    @Override
    public void prepareSession(Connection connection) throws SQLException {
        // nothing portable to set
    }

    @Override
    public List<SourceTable> listTables(Connection connection, String schemaPattern,
                                        List<String> types) throws SQLException {
        return CatalogReader.tables(connection, schemaPattern, types);
    }

    @Override
    public List<String> primaryKey(Connection connection, TableId table) throws SQLException {
        return CatalogReader.primaryKey(connection, table);
    }

    @Override
    public KeyBounds keyBounds(Connection connection, TableId table, String column) throws SQLException {
        String key = quote(column);
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MIN(" + key + "), MAX(" + key + ") FROM " + quote(table))) {
            rs.next();
            long min = rs.getLong(1);
            if (rs.wasNull()) {
                return KeyBounds.EMPTY;
            }
            return new KeyBounds(min, rs.getLong(2));
        }
    }

    @Override
    public long[] keySample(Connection connection, TableId table, String column) throws SQLException {
        return new long[0];
    }

    @Override
    public Long highestValue(Connection connection, String column, String fromSql) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MAX(" + column + ") FROM " + fromSql)) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? null : max;
        }
    }

    @Override
    public List<ColumnInfo> columns(Connection connection, TableId table) throws SQLException {
        return CatalogReader.columns(connection, quote(table));
    }

    @Override
    public List<ColumnInfo> queryColumns(Connection connection, String query) throws SQLException {
        // the line break ends a -- comment at the end of the query
        return CatalogReader.columns(connection, "(" + query + "\n) " + quote("tributary_query"));
    }

    @Override
    public ColumnTypeMapper typeMapper() {
        return typeMapper;
    }

    @Override
    public Instant timestampUpperBound(Connection connection, boolean guardInFlight) throws SQLException {
        return currentTime(connection);
    }

    @Override
    public Instant currentTime(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    @Override
    public Optional<String> settledRowExpression(String rowAlias) {
        return Optional.empty();
    }
}
