package io.tributary.connect.common.jdbc;

import io.tributary.connect.common.Redaction;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.apache.kafka.common.config.types.Password;

/**
 * Opens every database connection a plugin needs, in one way: the user's credentials, timeouts, TCP
 * keep-alive and TLS settings, and the plugin's own driver properties. Messages about a connection go
 * through {@link #describe}, which never shows the password or the URL's parameters.
 */
public final class JdbcConnections {

    private static final String POSTGRESQL_URL = "jdbc:postgresql:";
    /** setNetworkTimeout needs an executor to abort a connection; closing inline is enough here. */
    private static final Executor ABORT_INLINE = Runnable::run;

    private final String url;
    private final String user;
    private final Password password;
    private final JdbcConnectionSettings settings;
    private final Map<String, String> extraProperties;
    private final Driver driver;

    /**
     * @param driver          the driver to use, or null for DriverManager's choice; a plugin whose driver
     *                        lives in its own class loader passes it, as DriverManager may not see it
     * @param extraProperties driver properties of the plugin (application name, statement preparation);
     *                        they cannot override credentials, timeouts or TLS
     */
    public JdbcConnections(String url, String user, Password password, JdbcConnectionSettings settings,
                           Map<String, String> extraProperties, Driver driver) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.settings = settings;
        this.extraProperties = Map.copyOf(extraProperties);
        this.driver = driver;
    }

    /** One attempt; the caller decides about retries (see {@link SqlFailure}). */
    public Connection open() throws SQLException {
        Properties properties = properties();
        Connection connection = driver == null ? DriverManager.getConnection(url, properties)
                : driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("the JDBC driver does not accept the URL " + safeUrl(), "08001");
        }
        if (!isPostgres() && settings.socketTimeoutMs() > 0) {
            try {
                // the standard way for drivers without a socket timeout property
                int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.socketTimeoutMs());
                connection.setNetworkTimeout(ABORT_INLINE, timeoutMs);
            } catch (SQLException | UnsupportedOperationException e) {
                // a driver without network timeouts still works; only a silent network can hold it
            }
        }
        return connection;
    }

    /** The driver properties: the plugin's own first, then credentials, timeouts and TLS, which win. */
    Properties properties() {
        Properties properties = new Properties();
        extraProperties.forEach(properties::setProperty);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null && password.value() != null) {
            properties.setProperty("password", password.value());
        }
        if (isPostgres()) {
            properties.setProperty("connectTimeout", seconds(settings.connectTimeoutMs()));
            properties.setProperty("loginTimeout", seconds(settings.loginTimeoutMs()));
            properties.setProperty("socketTimeout", seconds(settings.socketTimeoutMs()));
            properties.setProperty("tcpKeepAlive", Boolean.toString(settings.tcpKeepAlive()));
            if (settings.sslMode() != null) {
                properties.setProperty("sslmode", settings.sslMode().configValue());
            }
            setIfPresent(properties, "sslrootcert", settings.sslRootCert());
            setIfPresent(properties, "sslcert", settings.sslCert());
            setIfPresent(properties, "sslkey", settings.sslKey());
            if (settings.sslPassword() != null && settings.sslPassword().value() != null) {
                properties.setProperty("sslpassword", settings.sslPassword().value());
            }
        }
        return properties;
    }

    public boolean isPostgres() {
        return url != null && url.startsWith(POSTGRESQL_URL);
    }

    /** The error's message with its SQLState, the secrets hidden and the URL cut before its parameters. */
    public String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            message = message + " (SQLState " + sql.getSQLState() + ")";
        }
        if (url != null) {
            message = message.replace(url, safeUrl());
        }
        return Redaction.redact(message, password == null ? null : password.value(),
                settings.sslPassword() == null ? null : settings.sslPassword().value());
    }

    public String safeUrl() {
        return Redaction.safeUrl(url);
    }

    public String user() {
        return user;
    }

    /** Whole seconds, rounded up so a short timeout never becomes 0 (which the driver reads as none). */
    private static String seconds(long millis) {
        return Long.toString(millis <= 0 ? 0 : (millis + 999) / 1000);
    }

    private static void setIfPresent(Properties properties, String name, String value) {
        if (value != null) {
            properties.setProperty(name, value);
        }
    }
}
