package io.tributary.connect.jdbc.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.TableId;
import io.tributary.connect.jdbc.dialect.PostgresDialect;
import io.tributary.connect.jdbc.schema.MappingOptions;
import io.tributary.connect.jdbc.schema.NumericMapping;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Plain timestamp mode on a real PostgreSQL: rows sharing a timestamp move the offset only as a whole
 * group, so resuming from any record's offset never skips a row of its group.
 */
@WithPostgres
class TimestampTiesIT {

    private static final PostgresDialect DIALECT = new PostgresDialect();
    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-01-01T00:00:01Z");

    @Test
    void resumingFromAnyRecordOfAGroupOfEqualTimestampsReadsTheRestOfTheGroup(PostgresDatabase db) throws Exception {
        String table = "ties_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL)",
                "INSERT INTO " + table + " SELECT g, '" + T1 + "'::timestamptz FROM generate_series(1, 4) g",
                "INSERT INTO " + table + " SELECT g, '" + T2 + "'::timestamptz FROM generate_series(5, 9) g");
        QuerierSettings settings = new QuerierSettings(null, List.of("ts"), null, 0, true, ZoneOffset.UTC, "", 100,
                new MappingOptions(NumericMapping.NONE, ZoneOffset.UTC), true);
        QueryTarget target = QueryTarget.table(new SourceTable(new TableId("public", table), "TABLE"), DIALECT, "t.",
                List.of("id"));

        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            List<SourceRecord> records = readAll(new TimestampQuerier(target, DIALECT, settings, SourceOffset.NONE),
                    connection);

            assertEquals(9, records.size());
            assertEquals(Set.of(1, 2, 3, 4), ids(records.subList(0, 4)));
            assertEquals(Set.of(5, 6, 7, 8, 9), ids(records.subList(4, 9)));
            List<SourceOffset> offsets = records.stream().map(r -> SourceOffset.fromMap(r.sourceOffset())).toList();
            SourceOffset none = SourceOffset.NONE;
            SourceOffset first = new SourceOffset(null, T1);
            SourceOffset second = new SourceOffset(null, T2);
            assertEquals(List.of(none, none, none, first, first, first, first, first, second), offsets);

            for (int resumeAfter = 4; resumeAfter < 8; resumeAfter++) {
                List<SourceRecord> resumed = readAll(
                        new TimestampQuerier(target, DIALECT, settings, offsets.get(resumeAfter)), connection);
                assertEquals(Set.of(5, 6, 7, 8, 9), ids(resumed), "resumed after record " + (resumeAfter + 1));
            }
            assertEquals(List.of(),
                    readAll(new TimestampQuerier(target, DIALECT, settings, offsets.get(8)), connection));
        }
    }

    @Test
    void aGroupThatGoesOnPastARowHeldBackIsSentWholeOnceTheRowMayBeRead(PostgresDatabase db) throws Exception {
        String table = "ties_held_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String gid = table + "_2pc";
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, ts timestamptz NOT NULL)",
                "INSERT INTO " + table + " VALUES (1, '" + T1 + "'), (2, '" + T1 + "')");
        QuerierSettings settings = new QuerierSettings(null, List.of("ts"), null, 0, true, ZoneOffset.UTC, "", 100,
                new MappingOptions(NumericMapping.NONE, ZoneOffset.UTC), true);
        QueryTarget target = QueryTarget.table(new SourceTable(new TableId("public", table), "TABLE"), DIALECT, "t.",
                List.of("id"));
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Connection writer = db.connect(); Statement statement = writer.createStatement()) {
                writer.setAutoCommit(false);
                statement.execute("INSERT INTO " + table + " VALUES (4, '" + T2 + "')");
                statement.execute("PREPARE TRANSACTION '" + gid + "'");
            }
            db.execute("INSERT INTO " + table + " VALUES (3, '" + T1 + "')"); // after the prepared one: held back
            TimestampQuerier querier = new TimestampQuerier(target, DIALECT, settings, SourceOffset.NONE);

            for (int poll = 1; poll <= 3; poll++) {
                assertEquals(List.of(), readAll(querier, connection), "poll " + poll + " while held back at row 3");
                assertTrue(querier.lastStopWasHeldBack());
            }
            db.execute("COMMIT PREPARED '" + gid + "'");
            List<SourceRecord> records = readAll(querier, connection);

            assertEquals(Set.of(1, 2, 3), ids(records.subList(0, 3)));
            assertEquals(Set.of(4), ids(records.subList(3, 4)));
            assertEquals(4, records.size());
        } finally {
            if (!db.query("SELECT 1 FROM pg_prepared_xacts WHERE gid = ?", gid).isEmpty()) {
                db.execute("ROLLBACK PREPARED '" + gid + "'");
            }
        }
    }

    private static List<SourceRecord> readAll(TableQuerier querier, Connection connection) throws Exception {
        List<SourceRecord> records = new ArrayList<>();
        do {
            records.addAll(querier.poll(connection, 3)); // batches cut through the groups
        } while (querier.isQuerying());
        return records;
    }

    private static Set<Integer> ids(List<SourceRecord> records) {
        Set<Integer> ids = new TreeSet<>();
        for (SourceRecord record : records) {
            ids.add(((Struct) record.value()).getInt32("id"));
        }
        return ids;
    }
}
