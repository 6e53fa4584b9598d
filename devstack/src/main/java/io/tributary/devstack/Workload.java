package io.tributary.devstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * A light, steady stream of legacy-application writes so data visibly flows: each tick inserts a customer
 * and an order, updates a customer and an order, and now and then deletes an order (which only the CDC
 * pipeline can see).
 */
final class Workload implements AutoCloseable {

    private static final long TICK_SECONDS = 2;
    /**
     * While this file exists in .devstack/, the workload writes nothing ('verify' pauses it so the pipelines
     * settle).
     */
    static final String PAUSE_FILE = "workload.paused";

    private final LegacyDatabase database;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "devstack-workload");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong ticks = new AtomicLong();

    private final java.nio.file.Path pauseFile;
    private final java.nio.file.Path stoppingMarker;

    Workload(StackLayout layout, LegacyDatabase database) {
        this.database = database;
        this.pauseFile = layout.state.resolve(PAUSE_FILE);
        this.stoppingMarker = layout.stoppingMarker();
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    }

    /** Ticks every {@code periodMillis} instead: tests and benches that want changes flowing faster. */
    void start(long periodMillis) {
        scheduler.scheduleWithFixedDelay(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    long ticks() {
        return ticks.get();
    }

    /**
     * One round of writes: a customer and an order inserted, one of each updated, every fifth round an order
     * deleted.
     */
    void tick() {
        if (java.nio.file.Files.exists(pauseFile) || java.nio.file.Files.exists(stoppingMarker)) {
            return;
        }
        long tick = ticks.incrementAndGet();
        try (Connection connection = database.connect(StackLayout.DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO customers (cust_nm, cust_email, cust_phone, cust_attrs) VALUES ('Walk-in "
                    + tick + "', 'walkin" + tick + "@example.com', '+47 555 9" + (tick % 1000)
                    + "', '{\"tier\":\"standard\"}')");
            statement.execute("UPDATE customers SET cust_email = 'c' || cust_id || '.v" + tick
                    + "@example.com', updated_ts = now() "
                    + "WHERE cust_id = (SELECT cust_id FROM customers ORDER BY random() LIMIT 1)");
            statement.execute("INSERT INTO orders (cust_id, ord_total, ord_status) "
                    + "SELECT cust_id, round((random() * 500)::numeric, 2), 'OPEN' FROM customers "
                    + "ORDER BY random() LIMIT 1");
            statement.execute("UPDATE orders SET ord_status = 'SHIPPED', updated_ts = now() "
                    + "WHERE ord_id = (SELECT ord_id FROM orders WHERE ord_status = 'OPEN' ORDER BY random() LIMIT 1)");
            if (tick % 5 == 0) {
                statement.execute("DELETE FROM orders WHERE ord_id = (SELECT min(ord_id) FROM orders)");
            }
        } catch (SQLException e) {
            if (!java.nio.file.Files.exists(stoppingMarker)) { // a database going away under 'down' is no news
                Progress.say("workload tick " + tick + " failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        // a tick in flight finishes its statement: whoever reads the tables next sees a settled state
        ThreadUtils.shutdownExecutorServiceQuietly(scheduler, 10, TimeUnit.SECONDS);
    }
}
