package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.connect.cdc.WalRetention.Finding;
import io.tributary.connect.cdc.WalRetention.Severity;
import io.tributary.connect.cdc.WalRetention.SlotState;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalRetentionTest {

    private static final String UNLIMITED = "max_slot_wal_keep_size is -1 (unlimited): if the connector stops reading "
            + "(stopped, failed or far behind) its slot makes PostgreSQL keep every byte of WAL written since, until "
            + "the disk fills and the server stops. Set a limit the disk can hold (ALTER SYSTEM SET "
            + "max_slot_wal_keep_size = '50GB'; SELECT pg_reload_conf()) and watch the metric slot-retained-wal-bytes; "
            + "a slot that exceeds the limit is invalidated instead, and the pipeline must snapshot again";

    @Test
    void unlimitedSlotWalIsAWarningThatNamesTheDiskRisk() {
        assertEquals(List.of(new Finding(Severity.INFO, "wal_level is 'logical'"),
                        new Finding(Severity.WARNING, UNLIMITED),
                        new Finding(Severity.INFO, "replication slot 'tributary_orders' does not exist yet; the task "
                                + "creates it")),
                WalRetention.assess("orders", "tributary_orders", "logical", -1L, null));
    }

    @Test
    void aLimitIsReportedWithWhatHappensPastIt() {
        assertEquals(new Finding(Severity.INFO, "max_slot_wal_keep_size is 10240 MB: a slot that holds more WAL is "
                        + "invalidated at a checkpoint, and the pipeline must snapshot again"),
                WalRetention.assess("orders", "tributary_orders", "logical", 10_240L, null).get(1));
    }

    @Test
    void aServerBefore13CannotLimitSlotWal() {
        assertEquals(Severity.WARNING, WalRetention.assess("orders", "s", "logical", null, null).get(1).severity());
    }

    @Test
    void aReservedOrExtendedSlotIsReportedWithItsNumbers() {
        assertEquals(new Finding(Severity.INFO, "replication slot 'tributary_orders': wal_status reserved, retains "
                        + "4096 bytes, safe_wal_size 1048576 bytes"),
                WalRetention.assess("orders", "tributary_orders", "logical", 1L,
                        new SlotState(4096L, "reserved", 1_048_576L)).get(2));
        assertEquals(Severity.INFO, WalRetention.assess("orders", "tributary_orders", "logical", -1L,
                new SlotState(4096L, "extended", null)).get(2).severity());
    }

    @Test
    void anUnreservedSlotIsAWarning() {
        assertEquals(new Finding(Severity.WARNING, "replication slot 'tributary_orders' holds more WAL than "
                        + "max_slot_wal_keep_size (wal_status unreserved, retains 99 bytes): PostgreSQL invalidates it "
                        + "at the next checkpoint unless the connector catches up first, and then the pipeline must "
                        + "snapshot again"),
                WalRetention.assess("orders", "tributary_orders", "logical", 1L,
                        new SlotState(99L, "unreserved", -5L)).get(2));
    }

    @Test
    void aLostSlotIsAnErrorThatSaysHowToRecover() {
        assertEquals(new Finding(Severity.ERROR, "replication slot 'tributary_orders' was invalidated by PostgreSQL "
                        + "(wal_status lost): it held more WAL than max_slot_wal_keep_size allows, the server removed "
                        + "WAL it still needed, and the changes made since the connector last read are gone. To "
                        + "recover, start over with a new snapshot: stop the connector (PUT /connectors/orders/stop), "
                        + "drop the slot (SELECT pg_drop_replication_slot('tributary_orders')), delete the connector's "
                        + "offsets (DELETE /connectors/orders/offsets), and resume it (PUT /connectors/orders/resume) "
                        + "with "
                        + "snapshot.mode initial, so that it copies the tables again before it streams"),
                WalRetention.assess("orders", "tributary_orders", "logical", 1L,
                        new SlotState(null, "lost", null)).get(2));
    }
}
