package io.tributary.connect.cdc;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server's WAL settings and the state of the connector's slot mean for a pipeline that runs for
 * months: how much WAL the slot may make the server keep ({@code max_slot_wal_keep_size}), and whether the
 * server still keeps what the slot needs ({@code wal_status}). A slot PostgreSQL has invalidated cannot be
 * resumed; the only way on is a new slot and a new snapshot, which the finding says step by step.
 */
final class WalRetention {

    /** How much a finding matters: logged, logged as a warning, or a problem that stops the connector. */
    enum Severity {
        INFO,
        WARNING,
        ERROR
    }

    record Finding(Severity severity, String message) {
    }

    /** The slot as pg_replication_slots shows it; {@code walStatus} and {@code safeWalSizeBytes} null before 13. */
    record SlotState(Long retainedWalBytes, String walStatus, Long safeWalSizeBytes) {
    }

    private WalRetention() {
    }

    /**
     * @param maxSlotWalKeepSizeMb the setting in MB, -1 for unlimited, null on a server before PostgreSQL 13
     * @param slot                 the slot's state, null when it does not exist yet
     */
    static List<Finding> assess(String connectorName, String slotName, String walLevel, Long maxSlotWalKeepSizeMb,
                                SlotState slot) {
        List<Finding> findings = new ArrayList<>();
        findings.add(new Finding(Severity.INFO, "wal_level is '" + walLevel + "'"));
        findings.add(keepSize(maxSlotWalKeepSizeMb));
        if (slot == null) {
            findings.add(new Finding(Severity.INFO, "replication slot '" + slotName + "' does not exist yet; the task "
                    + "creates it"));
        } else {
            findings.add(slotStatus(connectorName, slotName, slot));
        }
        return findings;
    }

    private static Finding keepSize(Long maxSlotWalKeepSizeMb) {
        String risk = "if the connector stops reading (stopped, failed or far behind) its slot makes PostgreSQL keep "
                + "every byte of WAL written since, until the disk fills and the server stops";
        if (maxSlotWalKeepSizeMb == null) {
            return new Finding(Severity.WARNING, "this PostgreSQL (before 13) cannot limit the WAL a slot keeps: "
                    + risk
                    + ". Watch the metric " + SlotLagMonitor.METRIC);
        }
        if (maxSlotWalKeepSizeMb < 0) {
            return new Finding(Severity.WARNING, "max_slot_wal_keep_size is -1 (unlimited): " + risk + ". Set a limit "
                    + "the disk can hold (ALTER SYSTEM SET max_slot_wal_keep_size = '50GB'; SELECT pg_reload_conf()) "
                    + "and watch the metric " + SlotLagMonitor.METRIC + "; a slot that exceeds the limit is "
                    + "invalidated instead, and the pipeline must snapshot again");
        }
        return new Finding(Severity.INFO, "max_slot_wal_keep_size is " + maxSlotWalKeepSizeMb + " MB: a slot that "
                + "holds more WAL is invalidated at a checkpoint, and the pipeline must snapshot again");
    }

    private static Finding slotStatus(String connectorName, String slotName, SlotState slot) {
        String status = slot.walStatus() == null ? "unknown" : slot.walStatus();
        String safe = slot.safeWalSizeBytes() == null ? "" : ", safe_wal_size " + slot.safeWalSizeBytes() + " bytes";
        String retained = slot.retainedWalBytes() == null ? "" : ", retains " + slot.retainedWalBytes() + " bytes";
        return switch (status) {
            case "lost" -> new Finding(Severity.ERROR, lostMessage(connectorName, slotName));
            case "unreserved" -> new Finding(Severity.WARNING, "replication slot '" + slotName + "' holds more WAL "
                    + "than max_slot_wal_keep_size (wal_status unreserved" + retained + "): PostgreSQL invalidates it "
                    + "at the next checkpoint unless the connector catches up first, and then the pipeline must "
                    + "snapshot again");
            default -> new Finding(Severity.INFO, "replication slot '" + slotName + "': wal_status " + status + retained
                    + safe);
        };
    }

    /** The error for a slot PostgreSQL invalidated, with the way to recover. */
    static String lostMessage(String connectorName, String slotName) {
        String connector = connectorName == null ? "<name>" : connectorName;
        return "replication slot '" + slotName + "' was invalidated by PostgreSQL (wal_status lost): it held more WAL "
                + "than max_slot_wal_keep_size allows, the server removed WAL it still needed, and the changes made "
                + "since the connector last read are gone. To recover, start over with a new snapshot: stop the "
                + "connector (PUT /connectors/" + connector + "/stop), drop the slot (SELECT pg_drop_replication_slot('"
                + slotName + "')), delete the connector's offsets (DELETE /connectors/" + connector + "/offsets), and "
                + "resume it (PUT /connectors/" + connector + "/resume) with snapshot.mode initial, so that it copies "
                + "the tables again before it streams";
    }
}
