package io.tributary.benchmarks.cdc;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.PostgresServer;
import io.tributary.connect.testkit.TestServers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Change events per second for the same WAL read by Tributary's {@code PostgresCdcSourceConnector} and by
 * Debezium's {@code PostgresConnector}, both under Debezium's embedded engine in one JVM. Both slots exist
 * before the changes are written, so each connector streams exactly the same backlog: {@code ROWS} inserts
 * then {@code ROWS} updates. Rounds alternate the two so neither always runs on a warmer JVM or cache.
 *
 * <p>Arguments: {@code [rows per phase, default 100000] [rounds, default 3]}.
 */
public final class CdcThroughputRunner {

    private static final String TABLE = "bench_orders";

    private CdcThroughputRunner() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long events = 2L * rows;
        try (PostgresServer server = TestServers.postgres()) {
            PostgresDatabase db = server.createDatabase("cdc_bench");
            db.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, customer text, amount numeric(12,2), "
                    + "placed_at timestamptz, note text)");
            double ours = 0;
            double theirs = 0;
            int counted = 0;
            for (int round = 1; round <= rounds; round++) {
                String oursSlot = "bench_ours_" + round;
                String theirsSlot = "bench_theirs_" + round;
                for (String slot : new String[] {oursSlot, theirsSlot}) {
                    db.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')",
                            "CREATE PUBLICATION " + slot + " FOR TABLE " + TABLE);
                }
                writeChanges(db, rows, round);
                boolean oursFirst = round % 2 == 1;
                double a = measure(oursFirst ? tributary(db, oursSlot) : debezium(db, theirsSlot), events);
                double b = measure(oursFirst ? debezium(db, theirsSlot) : tributary(db, oursSlot), events);
                double roundOurs = oursFirst ? a : b;
                double roundTheirs = oursFirst ? b : a;
                System.out.printf("round %d: tributary %.0f events/s, debezium %.0f events/s, ratio %.3f%n",
                        round, roundOurs, roundTheirs, roundOurs / roundTheirs);
                if (round > 1 || rounds == 1) { // round 1 warms the JVM up
                    ours += roundOurs;
                    theirs += roundTheirs;
                    counted++;
                }
                for (String slot : new String[] {oursSlot, theirsSlot}) {
                    db.execute("SELECT pg_drop_replication_slot('" + slot + "')", "DROP PUBLICATION " + slot);
                }
            }
            System.out.printf("RESULT %d change events, mean of %d round(s): tributary %.0f events/s, debezium %.0f "
                    + "events/s, ratio %.3f (target >= 0.95)%n", events, counted, ours / counted, theirs / counted,
                    ours / theirs);
        }
    }

    private static void writeChanges(PostgresDatabase db, int rows, int round) {
        db.execute("TRUNCATE " + TABLE,
                "INSERT INTO " + TABLE + " SELECT g, 'customer-' || (g % 1000), g * 1.25, now(), 'round " + round
                        + "' FROM generate_series(1, " + rows + ") g");
        db.execute("UPDATE " + TABLE + " SET amount = amount + 1, note = 'updated'");
    }

    private static Map<String, String> common(PostgresDatabase db, String slot) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", slot);
        config.put("database.hostname", db.host());
        config.put("database.port", Integer.toString(db.port()));
        config.put("database.dbname", db.name());
        config.put("database.user", db.user());
        config.put("database.password", db.password());
        config.put("table.include.list", "public." + TABLE);
        config.put("topic.prefix", "bench");
        config.put("snapshot.mode", "never");
        config.put("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        config.put("offset.flush.interval.ms", "10000");
        return config;
    }

    /** Tributary's connector with its defaults; slot and publication named explicitly to match the prepared ones. */
    private static Map<String, String> tributary(PostgresDatabase db, String slot) {
        Map<String, String> config = common(db, slot);
        config.put("connector.class", "io.tributary.connect.cdc.PostgresCdcSourceConnector");
        config.put("slot.name", slot);
        config.put("publication.name", slot);
        config.put("output", "envelope");
        return config;
    }

    /** Debezium's connector configured as ours configures it. */
    private static Map<String, String> debezium(PostgresDatabase db, String slot) {
        Map<String, String> config = common(db, slot);
        config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.put("snapshot.mode", "no_data");
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", slot);
        config.put("publication.name", slot);
        config.put("publication.autocreate.mode", "filtered");
        config.put("heartbeat.interval.ms", "10000");
        config.put("decimal.handling.mode", "string");
        config.put("tombstones.on.delete", "true");
        return config;
    }

    /** Events per second from the first change event to the {@code events}-th. */
    private static double measure(Map<String, String> config, long events) throws Exception {
        Properties props = new Properties();
        props.putAll(config);
        AtomicLong seen = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long[] lastAt = new long[1];
        String topic = "bench.public." + TABLE;
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
                .create(ChangeEventFormat.of(Connect.class))
                .using(props)
                .notifying(event -> {
                    SourceRecord record = event.record();
                    if (topic.equals(record.topic()) && record.value() != null) {
                        long n = seen.incrementAndGet();
                        if (n == 1) {
                            firstAt.set(System.nanoTime());
                        }
                        if (n == events) {
                            lastAt[0] = System.nanoTime();
                            done.countDown();
                        }
                    }
                })
                .build()) {
            executor.execute(engine);
            if (!done.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException(config.get("connector.class") + " delivered only " + seen.get()
                        + " of " + events + " events");
            }
        } finally {
            executor.shutdown();
            executor.awaitTermination(2, TimeUnit.MINUTES);
        }
        return (events - 1) / ((lastAt[0] - firstAt.get()) / 1e9);
    }
}
