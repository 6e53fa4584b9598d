package io.tributary.connect.jdbc.dialect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.jdbc.TableId;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithPostgres;
import java.sql.Connection;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's sample of a key column, which key ranges are cut by: the whole column of a small table, a few
 * hundred random pages of a big one (the same pages on every call), partitions sampled with their parent, and
 * nothing where no sample can be taken.
 */
@WithPostgres
class KeySampleIT {

    private static final PostgresDialect DIALECT = new PostgresDialect();

    private static String unique(String prefix) {
        return prefix + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    @Test
    void aSmallTableGivesItsWholeColumnInOrderWithoutNulls(PostgresDatabase db) throws Exception {
        String table = unique("sample_small");
        db.execute("CREATE TABLE " + table + " (\"Line Id\" bigint, who text)",
                "INSERT INTO " + table + " SELECT n, 'x' FROM generate_series(1000, 1, -1) AS n",
                "INSERT INTO " + table + " VALUES (NULL, 'no id')");

        try (Connection connection = db.connect()) {
            long[] sample = DIALECT.keySample(connection, new TableId("public", table), "Line Id");

            assertArrayEquals(LongStream.rangeClosed(1, 1000).toArray(), sample);
        }
    }

    @Test
    void aBigTableGivesSomeHundredsOfPagesTheSameOnEveryCall(PostgresDatabase db) throws Exception {
        String table = unique("sample_big");
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, pad text NOT NULL)",
                "INSERT INTO " + table + " SELECT n, repeat('p', 200) FROM generate_series(1, 200000) AS n");
        TableId id = new TableId("public", table);

        try (Connection connection = db.connect()) {
            long pages = ((Number) db.queryValue("SELECT pg_relation_size('" + table + "') / 8192")).longValue();
            long[] sample = DIALECT.keySample(connection, id, "id");

            // ~30 rows a page: 300 pages of ~6,900 hold ~9,000 ids; TABLESAMPLE SYSTEM picks each with probability
            assertTrue(pages > 5_000, "pages " + pages);
            assertTrue(sample.length > 5_000 && sample.length < 14_000, "sampled " + sample.length + " ids");
            long[] sorted = sample.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, sample, "in ascending order");
            // spread over the table: ids from each tenth of it
            for (int tenth = 0; tenth < 10; tenth++) {
                long low = tenth * 20_000L;
                assertTrue(Arrays.stream(sample).anyMatch(v -> v > low && v <= low + 20_000),
                        "no id in tenth " + tenth);
            }
            assertArrayEquals(sample, DIALECT.keySample(connection, id, "id"), "the same pages on a second call");
        }
    }

    @Test
    void aPartitionedTableIsSampledWithItsPartitions(PostgresDatabase db) throws Exception {
        String table = unique("sample_parted");
        db.execute("CREATE TABLE " + table + " (id bigint NOT NULL, who text) PARTITION BY RANGE (id)",
                "CREATE TABLE " + table + "_low PARTITION OF " + table + " FOR VALUES FROM (0) TO (1000)",
                "CREATE TABLE " + table + "_high PARTITION OF " + table + " FOR VALUES FROM (1000) TO (10000)",
                "INSERT INTO " + table + " SELECT n, 'x' FROM generate_series(1, 3000) AS n");

        try (Connection connection = db.connect()) {
            long[] sample = DIALECT.keySample(connection, new TableId("public", table), "id");

            // both partitions are small: every row of each
            assertArrayEquals(LongStream.rangeClosed(1, 3000).toArray(), sample);
        }
    }

    @Test
    void viewsAndEmptyTablesGiveNoSample(PostgresDatabase db) throws Exception {
        String table = unique("sample_base");
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY)",
                "CREATE TABLE " + table + "_empty (id bigint PRIMARY KEY)",
                "INSERT INTO " + table + " SELECT n FROM generate_series(1, 500) AS n",
                "CREATE VIEW " + table + "_view AS SELECT id FROM " + table,
                "CREATE MATERIALIZED VIEW " + table + "_mat AS SELECT id FROM " + table);

        try (Connection connection = db.connect()) {
            assertEquals(0, DIALECT.keySample(connection, new TableId("public", table + "_view"), "id").length,
                    "a view cannot be sampled");
            assertEquals(0, DIALECT.keySample(connection, new TableId("public", table + "_empty"), "id").length,
                    "an empty table");
            assertEquals(500, DIALECT.keySample(connection, new TableId("public", table + "_mat"), "id").length,
                    "a materialized view is sampled like a table");
        }
    }
}
