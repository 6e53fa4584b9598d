package io.tributary.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the tables again every table.poll.interval.ms and reports a changed list, so that tables created
 * or dropped while the connector runs get tasks or lose them. A failed listing is logged and tried at the
 * next interval; the tasks keep running meanwhile.
 */
final class TableWatcher extends Thread {

    private static final Logger LOG = LoggerFactory.getLogger(TableWatcher.class);

    private final TableDiscovery discovery;
    private final ConnectionOpener opener;
    private final long intervalMs;
    private final Consumer<List<SourceTable>> onChange;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile List<SourceTable> known;

    TableWatcher(String connectorName, TableDiscovery discovery, ConnectionOpener opener, long intervalMs,
                 List<SourceTable> initial, Consumer<List<SourceTable>> onChange) {
        super("tributary-jdbc-table-watcher-" + connectorName);
        setDaemon(true);
        this.discovery = discovery;
        this.opener = opener;
        this.intervalMs = intervalMs;
        this.known = List.copyOf(initial);
        this.onChange = onChange;
    }

    @Override
    public void run() {
        try {
            while (!stopped.await(intervalMs, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() {
        List<SourceTable> now;
        try (Connection connection = opener.openOnce()) {
            now = discovery.tables(connection);
        } catch (SQLException e) {
            LOG.warn("Cannot list the tables of {}: {}; trying again in {} ms",
                    opener.safeUrl(), opener.describe(e), intervalMs);
            return;
        }
        if (!now.equals(known)) {
            LOG.info("Tables changed from {} to {}; reconfiguring the tasks", known, now);
            known = now;
            onChange.accept(now);
        }
    }

    void shutdown() {
        stopped.countDown();
        interrupt();
    }
}
