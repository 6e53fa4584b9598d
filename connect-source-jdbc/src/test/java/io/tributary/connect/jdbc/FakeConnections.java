package io.tributary.connect.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.MDC;

/**
 * Connections without a database, counted: each takes session settings and transaction calls, and fails
 * everything that would read (metadata, statements to prepare) with the SQLState it is given. The source can hold
 * an open attempt until the test lets it go, to race it against the task's stop().
 */
final class FakeConnections implements ConnectionOpener.Source {

    private final String readFailureState;
    private final List<Connection> opened = new ArrayList<>();
    private final List<Connection> closed = new ArrayList<>();
    private final List<Long> attemptTimes = new ArrayList<>();
    private final List<String> attemptThreads = new ArrayList<>();
    private Time clock = Time.SYSTEM;
    private int heldAttempt;
    private int refusedFrom;
    private int attempts;
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** @param readFailureState SQLState of the failure of every read, e.g. 08006 for a lost connection */
    FakeConnections(String readFailureState) {
        this.readFailureState = readFailureState;
    }

    /** From the {@code attempt}th open (1-based) on, every open fails as a refused connection (08001). */
    FakeConnections refusingFrom(int attempt) {
        this.refusedFrom = attempt;
        return this;
    }

    /** Stamps each attempt with {@code clock}'s time (see {@link #attemptTimes()}). */
    FakeConnections stampedBy(Time clock) {
        this.clock = clock;
        return this;
    }

    /** When each open was tried, on the clock of {@link #stampedBy}, in order. */
    synchronized List<Long> attemptTimes() {
        return List.copyOf(attemptTimes);
    }

    /** Which thread tried each open: its name, "(daemon)" for a daemon, and the MDC's connector.context. */
    synchronized List<String> attemptThreads() {
        return List.copyOf(attemptThreads);
    }

    /** How many opens were tried, refused ones included. */
    synchronized int attempts() {
        return attempts;
    }

    /** The {@code attempt}th open (1-based) waits for {@link #release()} before it returns its connection. */
    FakeConnections holdingAttempt(int attempt) {
        this.heldAttempt = attempt;
        return this;
    }

    @Override
    public Connection open() throws SQLException {
        int attempt;
        synchronized (this) {
            attempt = ++attempts;
            attemptTimes.add(clock.milliseconds());
            attemptThreads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " (daemon)" : "")
                    + " " + MDC.get("connector.context"));
        }
        if (refusedFrom > 0 && attempt >= refusedFrom) {
            throw new SQLException("the fake refuses connection " + attempt, "08001");
        }
        if (attempt == heldAttempt) {
            holding.countDown();
            awaitUninterruptibly(release); // as a driver's connect: an interrupt does not end it
        }
        Connection connection = connection();
        synchronized (this) {
            opened.add(connection);
        }
        return connection;
    }

    /** Waits until the held attempt has begun. */
    void awaitHolding() {
        await(holding);
    }

    void release() {
        release.countDown();
    }

    synchronized int openedCount() {
        return opened.size();
    }

    /** The connections opened and not closed, by the number of the attempt that opened them. */
    synchronized List<Integer> stillOpen() {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < opened.size(); i++) {
            if (!closed.contains(opened.get(i))) {
                open.add(i + 1);
            }
        }
        return open;
    }

    private Connection connection() {
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        synchronized (this) {
                            if (!closed.contains(self[0])) {
                                closed.add(self[0]);
                            }
                        }
                        yield null;
                    }
                    case "isClosed" -> isClosed(self[0]);
                    case "isValid" -> !isClosed(self[0]);
                    case "setAutoCommit", "setReadOnly", "commit", "rollback" -> null;
                    case "createStatement" -> statement();
                    case "getMetaData", "prepareStatement" -> throw new SQLException("the fake has no data",
                            readFailureState);
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "fake connection";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return self[0];
    }

    private synchronized boolean isClosed(Connection connection) {
        return closed.contains(connection);
    }

    /** Takes session settings; fails queries. */
    private Statement statement() {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> false;
                    case "close" -> null;
                    case "executeQuery" -> throw new SQLException("the fake has no data", readFailureState);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (latch.getCount() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting in the fake connection source");
                }
                try {
                    latch.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting in the fake connection source");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
