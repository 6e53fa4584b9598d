package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/** The whole table or query on every poll; no offset, since each poll is a complete snapshot. */
public final class BulkQuerier extends TableQuerier {

    public BulkQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings) {
        super(target, dialect, settings, SourceOffset.NONE);
    }

    @Override
    protected String condition(boolean hasOffset) {
        return null;
    }

    @Override
    protected String ordering() {
        return null;
    }

    @Override
    protected void bind(Connection connection, PreparedStatement statement) {
        // nothing to bind
    }

    @Override
    protected void locate(List<ColumnInfo> columns) {
        // no offset columns
    }

    @Override
    protected SourceOffset offsetOf(ResultSet row) {
        return null;
    }

    @Override
    protected boolean waitsForOlderWriters() {
        return false;
    }
}
