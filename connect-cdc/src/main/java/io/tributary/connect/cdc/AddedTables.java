package io.tributary.connect.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tables added to a running connector's table.include.list: at a start, those the include patterns capture
 * but the connector's publication does not hold yet. Debezium adds them to the publication when it starts,
 * so from then on their changes stream; their existing rows are back-filled by an incremental snapshot that
 * this class asks for through the signal table before Debezium starts. The signal row's insert is decoded
 * from the slot before the publication changes, so it must already be published: a signal table that is new
 * in this start (the connector ran without signals before) cannot carry it, and the log says what to run.
 */
final class AddedTables {

    private static final Logger LOG = LoggerFactory.getLogger(AddedTables.class);

    private AddedTables() {
    }

    /** Of the tables the patterns capture, those the publication's tables ({@code published}) do not hold. */
    private static List<String> added(Connection connection, List<String> patterns, List<String> published,
                                      List<String> own) throws SQLException {
        List<String> added = new ArrayList<>();
        for (String table : Preflight.capturedTables(connection, patterns)) {
            if (!published.contains(table) && !own.contains(table)) {
                added.add(table);
            }
        }
        return added;
    }

    /**
     * Asks for the back-fill of the tables added since the last start, if any; answers the signal's id, or
     * null when nothing was asked. {@code signal} null: signals are off, which the log then says.
     */
    static String requestBackfill(Connection connection, String connector, List<String> patterns, String publication,
                                  SignalTable signal, List<String> own) throws SQLException {
        List<String> published = published(connection, publication);
        if (published == null) {
            return null; // the first start: the initial snapshot, if any, copies every table
        }
        List<String> added = added(connection, patterns, published, own);
        if (added.isEmpty()) {
            return null;
        }
        if (signal == null) {
            LOG.warn("Connector {} now also captures {}: their changes stream from now on, but their existing rows are "
                    + "not copied: back-filling them needs a signal table ({} is empty)", connector, added,
                    PostgresCdcSourceConfig.SIGNAL_TABLE);
            return null;
        }
        if (!published.contains(signal.qualifiedName())) {
            LOG.warn("Connector {} now also captures {}: their changes stream from now on, but their existing rows "
                    + "are not copied, because its signal table {} was not in publication {} before this start. To "
                    + "copy them while streaming, run once the connector is RUNNING: INSERT INTO {} (id, type, data) "
                    + "VALUES ('backfill-1', 'execute-snapshot', '{\"data-collections\": [{}], \"type\": "
                    + "\"incremental\"}')", connector, added, signal.qualifiedName(), publication,
                    signal.qualifiedName(), String.join(", ", added.stream().map(SignalTable::jsonText).toList()));
            return null;
        }
        String id = signal.requestIncrementalSnapshot(connection, added);
        LOG.info("Connector {} now also captures {}: their changes stream from now on, and their existing rows are "
                + "copied by an incremental snapshot while streaming (signal {} in {})", connector, added, id,
                signal.qualifiedName());
        return id;
    }

    /** The tables (schema.table) of the publication; null when it does not exist. */
    private static List<String> published(Connection connection, String publication) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            exists.setString(1, publication);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
            }
        }
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ?")) {
            statement.setString(1, publication);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }
}
