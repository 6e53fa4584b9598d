package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.Mode;
import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;

/** The querier for a mode. */
public final class Queriers {

    private Queriers() {
    }

    public static TableQuerier create(Mode mode, QueryTarget target, DatabaseDialect dialect, QuerierSettings settings,
                                      SourceOffset offset) {
        return switch (mode) {
            case BULK -> new BulkQuerier(target, dialect, settings);
            case INCREMENTING -> new IncrementingQuerier(target, dialect, settings, offset);
            case TIMESTAMP -> new TimestampQuerier(target, dialect, settings, offset);
            case TIMESTAMP_INCREMENTING -> TimestampQuerier.withIncrementing(target, dialect, settings, offset);
        };
    }
}
