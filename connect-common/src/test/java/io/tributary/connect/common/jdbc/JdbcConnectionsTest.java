package io.tributary.connect.common.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class JdbcConnectionsTest {

    private static final JdbcConnectionSettings TLS = new JdbcConnectionSettings(2_500, 30_000, 300_000, true,
            SslMode.VERIFY_FULL, "/etc/ca.pem", "/etc/client.pem", "/etc/client.pk8", new Password("key-secret"));

    @Test
    void givesPostgresTimeoutsInWholeSecondsKeepAliveAndTls() {
        JdbcConnections connections = new JdbcConnections("jdbc:postgresql://db:5432/shop", "app",
                new Password("s3cret"), TLS, Map.of("ApplicationName", "tributary", "prepareThreshold", "-1"), null);

        Properties properties = connections.properties();

        assertEquals("app", properties.getProperty("user"));
        assertEquals("s3cret", properties.getProperty("password"));
        assertEquals("3", properties.getProperty("connectTimeout"));
        assertEquals("30", properties.getProperty("loginTimeout"));
        assertEquals("300", properties.getProperty("socketTimeout"));
        assertEquals("true", properties.getProperty("tcpKeepAlive"));
        assertEquals("verify-full", properties.getProperty("sslmode"));
        assertEquals("/etc/ca.pem", properties.getProperty("sslrootcert"));
        assertEquals("/etc/client.pem", properties.getProperty("sslcert"));
        assertEquals("/etc/client.pk8", properties.getProperty("sslkey"));
        assertEquals("key-secret", properties.getProperty("sslpassword"));
        assertEquals("tributary", properties.getProperty("ApplicationName"));
        assertEquals("-1", properties.getProperty("prepareThreshold"));
    }

    @Test
    void pluginPropertiesCannotOverrideCredentialsOrTimeouts() {
        JdbcConnections connections = new JdbcConnections("jdbc:postgresql://db/shop", "app", new Password("pw"),
                JdbcConnectionSettings.defaults(0), Map.of("user", "other", "socketTimeout", "5"), null);

        Properties properties = connections.properties();

        assertEquals("app", properties.getProperty("user"));
        assertEquals("0", properties.getProperty("socketTimeout"), "0 stays 0: no limit");
        assertNull(properties.getProperty("sslmode"), "no TLS key set: the driver's default or the URL's");
    }

    @Test
    void otherDriversGetOnlyCredentialsAndTheirOwnProperties() {
        JdbcConnections connections = new JdbcConnections("jdbc:h2:mem:x", "sa", null, TLS, Map.of(), null);

        Properties properties = connections.properties();

        assertEquals(Map.of("user", "sa"), Map.copyOf(properties));
        assertFalse(connections.isPostgres());
    }

    @Test
    void describeHidesSecretsAndTheUrlsParameters() {
        String url = "jdbc:postgresql://db:5432/shop?password=s3cret&ssl=true";
        JdbcConnections connections = new JdbcConnections(url, "app", new Password("s3cret"), TLS, Map.of(), null);

        String described = connections.describe(new SQLException("cannot open " + url + " with s3cret and key-secret",
                "08001"));

        assertEquals("cannot open jdbc:postgresql://db:5432/shop with [hidden] and [hidden] (SQLState 08001)",
                described);
        assertEquals("jdbc:postgresql://db:5432/shop", connections.safeUrl());
    }
}
