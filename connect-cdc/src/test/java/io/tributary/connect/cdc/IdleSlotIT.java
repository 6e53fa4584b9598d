package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector whose captured tables are idle while other tables of the database are written (issue 16 item
 * 1): PostgreSQL 15+ sends a logical slot nothing for transactions that touch no published table, so unless
 * something the publication holds changes, the connector has no newer position to confirm and the slot
 * keeps every byte of WAL written since its captured tables last changed. An hour of a busy legacy database
 * compressed: 120 s of about 1.2 MB/s of WAL into a table the connector does not capture, with the default
 * heartbeat interval (10 s). The slot's retained WAL must stop growing. It does not fall to zero: the slot
 * confirms the previous heartbeat's change (10 to 20 s of writes behind), and PostgreSQL moves restart_lsn in
 * steps, at running-transactions records once an earlier step is confirmed, so retained WAL saws between
 * about 20 and 70 MB here (about a minute of writes). The bound, 96 MB (80 s of writes), is far from both
 * that and the 140 MB the run writes, which the slot kept whole before the heartbeat table.
 */
@WithKafkaConnect
@WithPostgres
class IdleSlotIT {

    private static final Logger LOG = LoggerFactory.getLogger(IdleSlotIT.class);
    private static final int WRITE_SECONDS = 120;
    private static final int SAMPLE_EVERY_SECONDS = 5;
    private static final long BOUND_BYTES = 96L * 1000 * 1000;

    private record Sample(int second, long writtenBytes, long retainedBytes, long unconfirmedBytes) {
        @Override
        public String toString() {
            return String.format("%4d s  written %6.1f MB  retained %6.1f MB  unconfirmed %6.1f MB", second,
                    writtenBytes / 1e6, retainedBytes / 1e6, unconfirmedBytes / 1e6);
        }
    }

    @Test
    void slotKeepsAdvancingWhileOnlyUncapturedTablesAreWritten(KafkaConnectCluster cluster, PostgresDatabase db)
            throws InterruptedException {
        db.execute("CREATE TABLE idle_captured (id int PRIMARY KEY, note text)",
                "CREATE TABLE idle_busy (id bigserial PRIMARY KEY, payload text)");
        Map<String, String> config = CdcConfigs.connector(db, "idle_slot", "idleslot", "public.idle_captured");
        config.remove("heartbeat.interval.ms"); // the default
        Pipelines.start(cluster, config);
        // the captured table changes once, then stays idle: the case of a pipeline that has been running a while
        db.execute("INSERT INTO idle_captured VALUES (1, 'one')");
        cluster.topics().read("idleslot.public.idle_captured", 1, Pipelines.TIMEOUT);

        String slot = SlotNames.derive("idle_slot");
        String startLsn = (String) db.queryValue("SELECT pg_current_wal_lsn()::text");
        List<Sample> samples = new ArrayList<>();
        long begin = System.nanoTime();
        for (int second = 1; second <= WRITE_SECONDS; second++) {
            // about 1.2 MB of WAL: a thousand rows of a kilobyte of text that does not compress
            db.execute("INSERT INTO idle_busy (payload) SELECT string_agg(md5(g::text || '-' || r::text), '') "
                    + "FROM generate_series(1, 1000) r, generate_series(1, 32) g GROUP BY r");
            if (second % SAMPLE_EVERY_SECONDS == 0) {
                samples.add(sample(db, slot, startLsn, second));
                LOG.info("IdleSlotIT {}", samples.get(samples.size() - 1));
            }
            long due = begin + second * 1_000_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        LOG.info("IdleSlotIT: retained WAL of slot {} while only an uncaptured table was written:\n{}", slot,
                String.join("\n", samples.stream().map(Sample::toString).toList()));

        for (Sample sample : samples) {
            assertTrue(sample.retainedBytes() <= BOUND_BYTES, "slot " + slot + " retains "
                    + sample.retainedBytes() / 1_000_000 + " MB of WAL at " + sample.second() + " s, more than "
                    + BOUND_BYTES / 1_000_000 + " MB, while only an uncaptured table was written: " + samples);
        }
        Sample last = samples.get(samples.size() - 1);
        assertTrue(last.writtenBytes() > 1.3 * BOUND_BYTES, "the run must write far more WAL than the bound: " + last);
        Pipelines.remove(cluster, db, "idle_slot");
    }

    private static Sample sample(PostgresDatabase db, String slot, String startLsn, int second) {
        Map<String, Object> row = db.query("SELECT "
                + "pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint AS written, "
                + "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained, "
                + "pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS unconfirmed "
                + "FROM pg_replication_slots WHERE slot_name = ?", startLsn, slot).get(0);
        return new Sample(second, (Long) row.get("written"), (Long) row.get("retained"), (Long) row.get("unconfirmed"));
    }
}
