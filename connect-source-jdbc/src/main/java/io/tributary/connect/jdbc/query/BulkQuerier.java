package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.ResultSet;

/**
 * The whole table or query on every poll; no offset, since each poll is a complete snapshot. It needs no
 * condition, ordering, parameters or offset columns: the defaults of {@link TableQuerier}.
 */
public final class BulkQuerier extends TableQuerier {

    public BulkQuerier(QueryTarget target, DatabaseDialect dialect, QuerierSettings settings) {
        super(target, dialect, settings, SourceOffset.NONE);
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
