package io.tributary.connect.cdc;

import io.tributary.connect.common.Redaction;
import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.jdbc.JdbcConnectionSettings;
import io.tributary.connect.common.jdbc.JdbcConnections;
import java.sql.Driver;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;

/**
 * Where and as whom to connect, from either {@code database.hostname}/{@code port}/{@code dbname} or
 * {@code connection.url}. {@link #locationKey()} is the key a user fixes when the server is wrong.
 */
record DatabaseTarget(String host, int port, String dbname, String user, String password, String locationKey,
                      JdbcConnectionSettings settings) {

    private static final Pattern URL =
            Pattern.compile("jdbc:postgresql://([^/:?\\[\\]]+|\\[[0-9a-fA-F:]+\\])(?::(\\d{1,5}))?/([^/?]+)");

    /** The target, or the problems that keep the config from naming one. */
    static Result from(PostgresCdcSourceConfig config) {
        String url = config.getString(PostgresCdcSourceConfig.CONNECTION_URL);
        String host = config.getString(PostgresCdcSourceConfig.HOSTNAME);
        String dbname = config.getString(PostgresCdcSourceConfig.DBNAME);
        String user = config.getString(PostgresCdcSourceConfig.USER);
        if (url != null && !url.isBlank()) {
            if (host != null || dbname != null) {
                return Result.problem(PostgresCdcSourceConfig.CONNECTION_URL,
                        "give either " + PostgresCdcSourceConfig.CONNECTION_URL
                                + " or " + PostgresCdcSourceConfig.HOSTNAME + " and " + PostgresCdcSourceConfig.DBNAME
                                + ", not both");
            }
            Matcher matcher = URL.matcher(url.trim());
            if (!matcher.matches()) {
                return Result.problem(PostgresCdcSourceConfig.CONNECTION_URL,
                        "expected jdbc:postgresql://host[:port]/database without parameters; put connection options "
                                + "under debezium.database.* (for example debezium.database.sslmode=require)");
            }
            int port = matcher.group(2) == null ? 5432 : Integer.parseInt(matcher.group(2));
            if (port < 1 || port > 65535) {
                return Result.problem(PostgresCdcSourceConfig.CONNECTION_URL,
                        "port " + port + " is out of range 1-65535");
            }
            String urlHost = matcher.group(1).replaceAll("^\\[|\\]$", "");
            return Result.ok(new DatabaseTarget(urlHost, port, matcher.group(3), user, config.password(),
                    PostgresCdcSourceConfig.CONNECTION_URL, config.connectionSettings()));
        }
        if (host == null || host.isBlank()) {
            return Result.problem(PostgresCdcSourceConfig.HOSTNAME, "give the PostgreSQL host (with "
                    + PostgresCdcSourceConfig.DBNAME + "), or a " + PostgresCdcSourceConfig.CONNECTION_URL);
        }
        if (dbname == null || dbname.isBlank()) {
            return Result.problem(PostgresCdcSourceConfig.DBNAME, "give the name of the database to capture");
        }
        return Result.ok(new DatabaseTarget(host.trim(), config.getInt(PostgresCdcSourceConfig.PORT), dbname.trim(),
                user, config.password(), PostgresCdcSourceConfig.HOSTNAME, config.connectionSettings()));
    }

    String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + dbname;
    }

    /**
     * The plugin's own connections (checks, slot lag, retiring): the user's timeouts, keep-alive and TLS, the
     * same as Debezium's connections get. The driver is passed in: under a worker's plugin isolation,
     * DriverManager may not see a driver loaded by the plugin's class loader.
     */
    JdbcConnections connections(Driver driver, String applicationName) {
        return new JdbcConnections(jdbcUrl(), user, password == null ? null : new Password(password), settings,
                Map.of("ApplicationName", applicationName), driver);
    }

    /** Removes the passwords from a message of the driver or server, whatever it says. */
    String redact(String message) {
        if (message == null) {
            return "";
        }
        Password keyPassword = settings == null ? null : settings.sslPassword();
        return Redaction.redact(message, password, keyPassword == null ? null : keyPassword.value());
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + user + "@" + host + ":" + port + "/" + dbname + "]";
    }

    record Result(DatabaseTarget target, List<ConfigProblem> problems) {
        static Result ok(DatabaseTarget target) {
            return new Result(target, List.of());
        }

        static Result problem(String key, String message) {
            return new Result(null, List.of(ConfigProblem.of(key, message)));
        }
    }
}
