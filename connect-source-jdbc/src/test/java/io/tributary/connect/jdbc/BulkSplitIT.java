package io.tributary.connect.jdbc;

import static io.tributary.connect.jdbc.Fixture.ids;
import static io.tributary.connect.jdbc.Fixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.testkit.ConnectorStatus;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** One bulk table read in parallel by key range: every row once per pass, whatever task read it. */
@WithKafkaConnect
@WithPostgres
class BulkSplitIT {

    @Test
    void bulkTableSplitByPrimaryKeyDeliversEveryRowOncePerPass(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("split");
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + table + " SELECT n, 'row ' || n FROM generate_series(1, 3000) AS n");
        Map<String, String> config = Fixture.tableConfig(db, "bulk", table, "s.");
        config.put("tasks.max", "3");
        config.put("bulk.split.by.primary.key", "true");
        // one pass within the test: a second one would repeat every row by design of bulk mode
        config.put("poll.interval.ms", "600000");

        Fixture.run(cluster, table, config, 3);

        ConnectorStatus status = cluster.connect().status(table);
        assertEquals(List.of("RUNNING", "RUNNING", "RUNNING"),
                status.tasks().stream().map(ConnectorStatus.Task::state).toList());
        List<Long> delivered = ids(values(cluster, "s." + table, 3000), "id");
        // sorted, so a row read by two tasks shows as a repeat and a row read by none as a gap
        assertEquals(LongStream.rangeClosed(1, 3000).boxed().toList(), delivered.stream().sorted().toList());
    }
}
