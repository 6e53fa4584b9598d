package io.tributary.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The 10-column table: bigint key, int, numeric(12,2), two texts, varchar, timestamptz, bool, double, date. */
final class BenchTable {

    static final String NAME = "bench_rows";

    private BenchTable() {
    }

    static void create(Connection connection, int rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + NAME);
            statement.execute("CREATE TABLE " + NAME + " (id bigint PRIMARY KEY, quantity int NOT NULL,"
                    + " price numeric(12,2) NOT NULL, title text NOT NULL, notes text, code varchar(32) NOT NULL,"
                    + " created_at timestamptz NOT NULL, active boolean NOT NULL, score double precision, due date)");
            statement.execute("INSERT INTO " + NAME + " SELECT g, g % 1000, (g % 100000) / 100.0,"
                    + " 'title number ' || g, repeat('n', 20 + g % 40), 'C-' || (g % 9973),"
                    + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 2 = 0, g / 7.0,"
                    + " date '2024-01-01' + (g % 365) FROM generate_series(1, " + rows + ") g");
            statement.execute("VACUUM ANALYZE " + NAME);
        }
    }
}
