package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.JdbcSourceConfig;
import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** The two ends of a timestamp poll: where to begin without an offset, and the exclusive upper bound. */
final class TimestampStart {

    private TimestampStart() {
    }

    /** The stored offset, or timestamp.initial turned into one (-1: the database's time now). */
    static SourceOffset resolve(SourceOffset offset, QuerierSettings settings, DatabaseDialect dialect,
                                Connection connection) throws SQLException {
        if (!offset.isEmpty() || settings.timestampInitial() == null) {
            return offset;
        }
        Instant start = isNow(settings)
                ? dialect.currentTime(connection)
                : Instant.ofEpochMilli(settings.timestampInitial());
        return new SourceOffset(null, start);
    }

    /** Whether timestamp.initial means the database's time when the table is first read. */
    static boolean isNow(QuerierSettings settings) {
        Long initial = settings.timestampInitial();
        return initial != null && initial == JdbcSourceConfig.TIMESTAMP_INITIAL_CURRENT;
    }

    static Instant upperBound(QuerierSettings settings, DatabaseDialect dialect,
                              Connection connection) throws SQLException {
        return dialect.timestampUpperBound(connection, settings.inFlightGuard())
                .minusMillis(settings.timestampDelayMs());
    }
}
