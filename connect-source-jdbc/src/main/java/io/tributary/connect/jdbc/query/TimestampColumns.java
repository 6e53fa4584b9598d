package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.dialect.ColumnInfo;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * The timestamp column(s) of the timestamp modes: their SQL expression (COALESCE for several), reading a
 * row's value at full precision, and binding offsets so that columns without a zone compare in
 * db.timezone. PostgreSQL's '-infinity' and 'infinity' (which the driver hands out as java.time's extremes)
 * are {@link SourceOffset#NEGATIVE_INFINITY} and {@link SourceOffset#POSITIVE_INFINITY}, and bound as such again.
 */
final class TimestampColumns {

    private enum Kind { WITH_ZONE, LOCAL, DATE }

    private final List<String> names;
    private final ZoneId zone;
    private final Calendar calendar;
    private int[] positions = new int[0];
    private Kind[] kinds = new Kind[0];

    TimestampColumns(List<String> names, ZoneId zone) {
        this.names = List.copyOf(names);
        this.zone = zone;
        this.calendar = new GregorianCalendar(TimeZone.getTimeZone(zone));
    }

    String expression(DatabaseDialect dialect) {
        if (names.size() == 1) {
            return dialect.quote(names.get(0));
        }
        return names.stream().map(dialect::quote).collect(Collectors.joining(", ", "COALESCE(", ")"));
    }

    void locate(List<ColumnInfo> columns, String description) {
        positions = new int[names.size()];
        kinds = new Kind[names.size()];
        for (int i = 0; i < names.size(); i++) {
            positions[i] = TableQuerier.require(columns, names.get(i), description);
            ColumnInfo column = columns.get(positions[i] - 1);
            kinds[i] = kindOf(column);
        }
    }

    private static Kind kindOf(ColumnInfo column) {
        if (column.jdbcType() == Types.DATE) {
            return Kind.DATE;
        }
        if (column.jdbcType() == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equals(column.typeName())) {
            return Kind.WITH_ZONE;
        }
        return Kind.LOCAL;
    }

    /** The first non-null timestamp column of the row, as the query's COALESCE sees it. */
    Instant read(ResultSet row) throws SQLException {
        for (int i = 0; i < positions.length; i++) {
            Instant value = switch (kinds[i]) {
                case WITH_ZONE -> {
                    OffsetDateTime time = row.getObject(positions[i], OffsetDateTime.class);
                    yield time == null ? null
                            : time.equals(OffsetDateTime.MAX) ? SourceOffset.POSITIVE_INFINITY
                            : time.equals(OffsetDateTime.MIN) ? SourceOffset.NEGATIVE_INFINITY
                            : time.toInstant();
                }
                case LOCAL -> {
                    LocalDateTime time = row.getObject(positions[i], LocalDateTime.class);
                    yield time == null ? null
                            : time.equals(LocalDateTime.MAX) ? SourceOffset.POSITIVE_INFINITY
                            : time.equals(LocalDateTime.MIN) ? SourceOffset.NEGATIVE_INFINITY
                            : time.atZone(zone).toInstant();
                }
                case DATE -> {
                    LocalDate date = row.getObject(positions[i], LocalDate.class);
                    yield date == null ? null
                            : date.equals(LocalDate.MAX) ? SourceOffset.POSITIVE_INFINITY
                            : date.equals(LocalDate.MIN) ? SourceOffset.NEGATIVE_INFINITY
                            : date.atStartOfDay(zone).toInstant();
                }
            };
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    void bind(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value.equals(SourceOffset.NEGATIVE_INFINITY)) {
            statement.setObject(index, LocalDateTime.MIN); // the driver sends '-infinity'
        } else if (value.equals(SourceOffset.POSITIVE_INFINITY)) {
            statement.setObject(index, LocalDateTime.MAX); // the driver sends 'infinity'
        } else {
            statement.setTimestamp(index, Timestamp.from(value), calendar);
        }
    }
}
