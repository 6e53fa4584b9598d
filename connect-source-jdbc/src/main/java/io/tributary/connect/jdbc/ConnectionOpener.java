package io.tributary.connect.jdbc;

import io.tributary.connect.common.Backoff;
import io.tributary.connect.common.jdbc.JdbcConnectionSettings;
import io.tributary.connect.common.jdbc.JdbcConnections;
import io.tributary.connect.jdbc.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the task's and the connector's connections through the shared {@link JdbcConnections} (credentials,
 * timeouts, keep-alive, TLS), prepares each session for the dialect, and retries with backoff when the
 * database is away.
 */
public final class ConnectionOpener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionOpener.class);

    /** One attempt at a connection, before the dialect prepares it: {@link JdbcConnections#open}, or a test's. */
    @FunctionalInterface
    interface Source {
        Connection open() throws SQLException;
    }

    private final JdbcConnections connections;
    private final Source source;
    private final DatabaseDialect dialect;
    private final int attempts;
    // retries of a lost database connection wait at most this long between attempts
    private static final long MAX_BACKOFF_MS = 60_000;

    private final Backoff backoff;

    public ConnectionOpener(JdbcSourceConfig config, DatabaseDialect dialect) {
        this(config, dialect, null);
    }

    /** Connections from {@code source} (null: the database), with the config's attempts, backoff and messages. */
    ConnectionOpener(JdbcSourceConfig config, DatabaseDialect dialect, Source source) {
        this(config.url(), config.user(), config.password(), config.connectionSettings(), dialect,
                config.connectionAttempts(), config.connectionBackoffMs(), source);
    }

    public ConnectionOpener(String url, String user, Password password, JdbcConnectionSettings settings,
                            DatabaseDialect dialect, int attempts, long backoffMs) {
        this(url, user, password, settings, dialect, attempts, backoffMs, null);
    }

    private ConnectionOpener(String url, String user, Password password, JdbcConnectionSettings settings,
                             DatabaseDialect dialect, int attempts, long backoffMs, Source source) {
        this.connections = new JdbcConnections(url, user, password, settings, dialect.connectionProperties(), null);
        this.source = source == null ? connections::open : source;
        this.dialect = dialect;
        this.attempts = attempts;
        this.backoff = new Backoff(backoffMs, Math.max(backoffMs, MAX_BACKOFF_MS));
    }

    /** One attempt, no retry: what validation needs to report a bad URL or bad credentials at once. */
    public Connection openOnce() throws SQLException {
        Connection connection = source.open();
        try {
            dialect.prepareSession(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Up to {@code connection.attempts} tries with backoff; then a ConnectException that says where, how
     * often, and why, without the password.
     */
    public Connection open(BooleanSupplier stillWanted) {
        SQLException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return openOnce();
            } catch (SQLException e) {
                last = e;
                if (attempt < attempts && stillWanted.getAsBoolean()) {
                    if (!sleep(delayAfterFailed(attempt, e))) {
                        break;
                    }
                }
            }
            if (!stillWanted.getAsBoolean()) {
                break;
            }
        }
        throw cannotConnect(last);
    }

    /** connection.attempts: how many attempts in a row may fail before the caller gives up. */
    public int attempts() {
        return attempts;
    }

    /** Logs failed attempt {@code attempt} (from 1) and answers how long to wait before the next one. */
    public long delayAfterFailed(int attempt, SQLException e) {
        long delay = backoff.delayMs(attempt - 1);
        LOG.warn("Connection attempt {}/{} to {} failed: {}; next attempt in {} ms", attempt, attempts, safeUrl(),
                describe(e), delay);
        return delay;
    }

    /** Why the caller gives up after connection.attempts attempts ({@code last} null: it was stopped). */
    public ConnectException cannotConnect(SQLException last) {
        return new ConnectException("Cannot connect to " + safeUrl() + " as " + connections.user() + " after "
                + attempts + " attempt(s) (" + JdbcSourceConfig.CONNECTION_ATTEMPTS + ", "
                + JdbcSourceConfig.CONNECTION_BACKOFF_MS + "): " + (last == null ? "stopped" : describe(last))
                + ". Check that the database is up and reachable and that the user may log in; the task resumes "
                + "from its last committed offset when restarted.");
    }

    public String describe(Throwable e) {
        return connections.describe(e);
    }

    public String safeUrl() {
        return connections.safeUrl();
    }

    public String user() {
        return connections.user();
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
