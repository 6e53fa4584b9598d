package io.tributary.connect.jdbc.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.jdbc.SourceOffset;
import io.tributary.connect.jdbc.SourceTable;
import io.tributary.connect.jdbc.TableId;
import io.tributary.connect.jdbc.dialect.PostgresDialect;
import io.tributary.connect.jdbc.schema.MappingOptions;
import io.tributary.connect.jdbc.schema.NumericMapping;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithPostgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * A query's first round trip asks the driver for one batch of rows, not a whole fetch.size: the first records go
 * out as soon as one batch has arrived. The rest of the result comes fetch.size rows at a time. The connection
 * is PostgreSQL's own; a recording wrapper only notes the fetch sizes the querier hands the driver.
 */
@WithPostgres
class FirstFetchIT {

    private static final PostgresDialect DIALECT = new PostgresDialect();
    /** How the querier's own queries of a table's rows begin. */
    private static final String ROWS_QUERY = "SELECT " + DIALECT.quote(QueryTarget.ROW_ALIAS) + ".*";

    @Test
    void theFirstRoundTripFetchesOneBatchAndTheLaterOnesFetchSizeRows(PostgresDatabase db) throws Exception {
        String table = "first_fetch_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text NOT NULL)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 2500) g");
        List<String> fetchSizes = new ArrayList<>();

        try (Connection real = db.connect()) {
            real.setAutoCommit(false);
            Connection connection = recording(real, table, fetchSizes);
            IncrementingQuerier querier = querier(table, 1_000);
            List<Long> ids = new ArrayList<>();
            do {
                for (SourceRecord record : querier.poll(connection, 100)) {
                    ids.add(((Struct) record.value()).getInt64("id"));
                }
            } while (querier.isQuerying());

            assertEquals(LongStream.rangeClosed(1, 2500).boxed().toList(), ids, "every row once, in order");
            assertEquals(List.of("query runs with fetch size 100", "result set fetch size 1000"), fetchSizes);
        }
    }

    @Test
    void aFetchSizeBelowTheBatchIsKeptForEveryRoundTrip(PostgresDatabase db) throws Exception {
        String table = "small_fetch_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY)",
                "INSERT INTO " + table + " SELECT g FROM generate_series(1, 300) g");
        List<String> fetchSizes = new ArrayList<>();

        try (Connection real = db.connect()) {
            real.setAutoCommit(false);
            Connection connection = recording(real, table, fetchSizes);
            IncrementingQuerier querier = querier(table, 50);
            int read = 0;
            do {
                read += querier.poll(connection, 200).size();
            } while (querier.isQuerying());

            assertEquals(300, read);
            assertEquals(List.of("query runs with fetch size 50"), fetchSizes);
        }
    }

    /** An incrementing querier of {@code table} by its id, from the start, with the given fetch.size. */
    private static IncrementingQuerier querier(String table, int fetchSize) {
        QuerierSettings settings = new QuerierSettings("id", List.of(), null, 0, true, ZoneOffset.UTC, "", fetchSize,
                new MappingOptions(NumericMapping.NONE, ZoneOffset.UTC), true);
        QueryTarget target = QueryTarget.table(new SourceTable(new TableId("public", table), "TABLE"), DIALECT, "t.",
                List.of("id"));
        return new IncrementingQuerier(target, DIALECT, settings, SourceOffset.NONE);
    }

    /**
     * The connection as it is, noting, for the queries that read the rows of {@code table} (not the dialect's
     * look-ups of its highest id, or the in-flight guard's), each query's fetch size when it runs and each change
     * of its result's.
     */
    private static Connection recording(Connection real, String table, List<String> notes) {
        return wrap(Connection.class, real, (method, args, result) -> {
            if (result instanceof PreparedStatement statement && method.equals("prepareStatement")
                    && ((String) args[0]).startsWith(ROWS_QUERY) && ((String) args[0]).contains(table)) {
                return wrap(PreparedStatement.class, statement, (statementMethod, statementArgs, statementResult) -> {
                    if (statementResult instanceof ResultSet results && statementMethod.equals("executeQuery")) {
                        notes.add("query runs with fetch size " + statement.getFetchSize());
                        return wrap(ResultSet.class, results, (resultMethod, resultArgs, unused) -> {
                            if (resultMethod.equals("setFetchSize")) {
                                notes.add("result set fetch size " + resultArgs[0]);
                            }
                            return unused;
                        });
                    }
                    return statementResult;
                });
            }
            return result;
        });
    }

    @FunctionalInterface
    private interface AfterCall {
        Object after(String method, Object[] args, Object result) throws Exception;
    }

    private static <T> T wrap(Class<T> type, T real, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.after(method.getName(), args, result);
        };
        return type.cast(Proxy.newProxyInstance(FirstFetchIT.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
