package io.tributary.connect.common.jdbc;

import org.apache.kafka.common.config.types.Password;

/**
 * Timeouts, keep-alive and TLS of the connections a plugin opens; see {@link JdbcConnectionConfig} for
 * what each means. {@code sslMode} and the files are null when not set.
 */
public record JdbcConnectionSettings(long connectTimeoutMs, long loginTimeoutMs, long socketTimeoutMs,
                                     boolean tcpKeepAlive, SslMode sslMode, String sslRootCert, String sslCert,
                                     String sslKey, Password sslPassword) {

    /** The defaults of {@link JdbcConnectionConfig} with the given socket timeout and no TLS settings. */
    public static JdbcConnectionSettings defaults(long socketTimeoutMs) {
        return new JdbcConnectionSettings(10_000L, 30_000L, socketTimeoutMs, true, null, null, null, null, null);
    }
}
