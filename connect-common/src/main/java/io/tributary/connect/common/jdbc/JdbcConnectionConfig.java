package io.tributary.connect.common.jdbc;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The connection keys every plugin that opens a database connection shares: timeouts, TCP keep-alive and
 * TLS. Each plugin puts them under its own prefix ({@code connection.} for the JDBC source, {@code
 * database.} for CDC, where they are Debezium's own names for TLS), documented once, here.
 */
public final class JdbcConnectionConfig {

    public static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    public static final String LOGIN_TIMEOUT_MS = "login.timeout.ms";
    public static final String SOCKET_TIMEOUT_MS = "socket.timeout.ms";
    public static final String TCP_KEEPALIVE = "tcp.keepalive";
    public static final String SSLMODE = "sslmode";
    public static final String SSLROOTCERT = "sslrootcert";
    public static final String SSLCERT = "sslcert";
    public static final String SSLKEY = "sslkey";
    public static final String SSLPASSWORD = "sslpassword";

    private static final String[] TLS_FILES = {SSLROOTCERT, SSLCERT, SSLKEY};

    private JdbcConnectionConfig() {
    }

    /**
     * Adds the keys under {@code prefix} to {@code definition}.
     *
     * @param socketTimeoutMs the default read timeout: longer than the slowest single round trip the plugin
     *                        makes (one fetch of rows, one catalog query), so that only a silent network hits it
     */
    public static ConfigDef define(ConfigDef definition, String prefix, String group, int firstOrder,
                                   long socketTimeoutMs) {
        int order = firstOrder;
        return definition
                .define(prefix + CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0L), Importance.LOW,
                        "How long to wait for the database to accept a TCP connection, in milliseconds (whole "
                                + "seconds for PostgreSQL). 0 waits as long as the operating system does.",
                        group, order++, Width.SHORT, "Connect timeout (ms)")
                .define(prefix + LOGIN_TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0L), Importance.LOW,
                        "How long connecting and logging in may take altogether, TLS handshake included, in "
                                + "milliseconds (whole seconds). 0: no limit.",
                        group, order++, Width.SHORT, "Login timeout (ms)")
                .define(prefix + SOCKET_TIMEOUT_MS, Type.LONG, socketTimeoutMs, ConfigDef.Range.atLeast(0L),
                        Importance.LOW,
                        "How long a read from the database may wait for data, in milliseconds (whole seconds for "
                                + "PostgreSQL). A connection that stays silent longer, such as one a failover or a "
                                + "NAT dropped without telling either side, is closed and opened again. Raise it "
                                + "above the longest time one query takes to return its first rows; 0 waits forever.",
                        group, order++, Width.SHORT, "Socket timeout (ms)")
                .define(prefix + TCP_KEEPALIVE, Type.BOOLEAN, true, Importance.LOW,
                        "Whether TCP keep-alive probes are sent on idle connections (PostgreSQL), so a peer that "
                                + "vanished is noticed and middleboxes keep the connection open.",
                        group, order++, Width.SHORT, "TCP keep-alive")
                .define(prefix + SSLMODE, Type.STRING, "", new OptionalSslMode(), Importance.MEDIUM,
                        "TLS to PostgreSQL: disable, allow, prefer, require, verify-ca or verify-full (the driver's "
                                + "sslmode). Empty: the driver's default (prefer) or what the URL says. Used by every "
                                + "connection the plugin opens.",
                        group, order++, Width.SHORT, "TLS mode")
                .define(prefix + SSLROOTCERT, Type.STRING, null, Importance.LOW,
                        "File of the certificate authorities that verify the server (PEM), for verify-ca and "
                                + "verify-full.",
                        group, order++, Width.LONG, "TLS root certificate")
                .define(prefix + SSLCERT, Type.STRING, null, Importance.LOW,
                        "File of this client's certificate (PEM), when the server asks for one.",
                        group, order++, Width.LONG, "TLS client certificate")
                .define(prefix + SSLKEY, Type.STRING, null, Importance.LOW,
                        "File of this client's private key (PKCS-8 DER, or PEM with a recent driver).",
                        group, order++, Width.LONG, "TLS client key")
                .define(prefix + SSLPASSWORD, Type.PASSWORD, null, Importance.LOW,
                        "Password of the client key. Never logged.",
                        group, order, Width.MEDIUM, "TLS key password");
    }

    /** The settings a plugin's parsed config holds under {@code prefix}. */
    public static JdbcConnectionSettings settings(AbstractConfig config, String prefix) {
        String mode = config.getString(prefix + SSLMODE);
        return new JdbcConnectionSettings(config.getLong(prefix + CONNECT_TIMEOUT_MS),
                config.getLong(prefix + LOGIN_TIMEOUT_MS), config.getLong(prefix + SOCKET_TIMEOUT_MS),
                config.getBoolean(prefix + TCP_KEEPALIVE),
                mode == null || mode.isBlank() ? null : Choices.parse(SslMode.class, prefix + SSLMODE, mode),
                blankToNull(config.getString(prefix + SSLROOTCERT)), blankToNull(config.getString(prefix + SSLCERT)),
                blankToNull(config.getString(prefix + SSLKEY)), config.getPassword(prefix + SSLPASSWORD));
    }

    /** The rule that every TLS file named exists and can be read by the worker. */
    public static ConfigValidation.Step tlsFilesReadable(String prefix) {
        return context -> {
            for (String suffix : TLS_FILES) {
                String key = prefix + suffix;
                Object file = context.value(key);
                if (file != null && !file.toString().isBlank() && !Files.isReadable(Path.of(file.toString().trim()))) {
                    context.problem(key, "the file " + file.toString().trim() + " does not exist or this worker "
                            + "cannot read it");
                }
            }
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static final class OptionalSslMode implements ConfigDef.Validator {
        private final ConfigDef.Validator choice = Choices.validator(SslMode.class);

        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                try {
                    choice.ensureValid(name, value);
                } catch (ConfigException e) {
                    throw new ConfigException(name, value, "must be empty or one of "
                            + String.join(", ", Choices.configValues(SslMode.class)));
                }
            }
        }

        @Override
        public String toString() {
            return "empty, or " + choice;
        }
    }
}
