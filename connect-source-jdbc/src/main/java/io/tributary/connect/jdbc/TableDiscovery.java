package io.tributary.connect.jdbc;

import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The tables a connector reads now: what the catalog lists, of the configured types, through the filter. */
final class TableDiscovery {

    private final DatabaseDialect dialect;
    private final String schemaPattern;
    private final List<String> types;
    private final TableFilter filter;

    TableDiscovery(JdbcSourceConfig config, DatabaseDialect dialect) {
        this.dialect = dialect;
        this.schemaPattern = config.schemaPattern();
        this.types = config.tableTypes();
        this.filter = new TableFilter(config.includeList(), config.excludeList());
    }

    /** Every visible table of the configured types, before include/exclude. */
    List<SourceTable> visible(Connection connection) throws SQLException {
        return dialect.listTables(connection, schemaPattern, types);
    }

    List<SourceTable> tables(Connection connection) throws SQLException {
        return filter.apply(visible(connection));
    }

    TableFilter filter() {
        return filter;
    }
}
