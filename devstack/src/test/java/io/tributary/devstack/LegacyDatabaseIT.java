package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.localservers.Ports;
import io.tributary.localservers.PostgresLauncher;
import io.tributary.localservers.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The devstack's PostgreSQL as {@code up} starts it, on its own state and port: every role, the superuser
 * included, must give its password, so a connector (or a user trying credentials) with a wrong one is
 * refused as a production server would refuse it, instead of being let in because it came from loopback.
 */
class LegacyDatabaseIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path STATE = Path.of("target/legacy-database-it").toAbsolutePath();
    /** PostgreSQL's SQLState for a failed password check (invalid_password). */
    private static final String INVALID_PASSWORD = "28P01";

    private static StackLayout layout;
    private static LegacyDatabase database;
    private static ServerProcess server;

    @BeforeAll
    static void startTheDatabase() throws IOException {
        deleteTree(STATE);
        layout = StackLayout.isolated(ROOT, STATE);
        layout.createDirectories();
        database = new LegacyDatabase(layout);
        server = database.start();
    }

    @AfterAll
    static void stopTheDatabase() {
        if (server != null) {
            server.stop(30);
        }
    }

    @Test
    void refusesThePipelinesRoleWithAWrongPasswordOverTcp() {
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(layout.postgresJdbcUrl(), LegacyDatabase.USER, "not-the-password")
                        .close());

        assertEquals(INVALID_PASSWORD, refused.getSQLState(), refused.getMessage());
    }

    @Test
    void refusesTheSuperuserWithAGuessedPassword() {
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(layout.postgresJdbcUrl(), "postgres", "postgres").close());

        assertEquals(INVALID_PASSWORD, refused.getSQLState(), refused.getMessage());
    }

    @Test
    void acceptsThePipelinesRoleWithItsPassword() throws SQLException {
        try (Connection connection = DriverManager.getConnection(layout.postgresJdbcUrl(), LegacyDatabase.USER,
                LegacyDatabase.PASSWORD); Statement statement = connection.createStatement();
             ResultSet user = statement.executeQuery("SELECT current_user")) {
            user.next();

            assertEquals(LegacyDatabase.USER, user.getString(1));
        }
    }

    @Test
    void everyRuleOfPgHbaAsksForAScramPasswordAndNewPasswordsAreScram() throws SQLException {
        List<String> rules = new ArrayList<>();
        try (Connection connection = database.connect("postgres"); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT type, database, user_name, address, auth_method, error FROM pg_hba_file_rules")) {
                while (rows.next()) {
                    rules.add(rows.getString("type") + " " + rows.getString("database") + " "
                            + rows.getString("user_name") + " " + rows.getString("address") + " "
                            + rows.getString("auth_method") + " " + rows.getString("error"));
                }
            }
            try (ResultSet encryption = statement.executeQuery("SHOW password_encryption")) {
                encryption.next();

                assertEquals("scram-sha-256", encryption.getString(1));
            }
        }

        assertEquals(List.of(
                "local {all} {all} null scram-sha-256 null",
                "host {all} {all} 127.0.0.1 scram-sha-256 null",
                "host {all} {all} ::1 scram-sha-256 null",
                "local {replication} {all} null scram-sha-256 null",
                "host {replication} {all} 127.0.0.1 scram-sha-256 null",
                "host {replication} {all} ::1 scram-sha-256 null"), rules);
    }

    @Test
    void stillAsksForPasswordsWhenStartedAgainOnTheSameData() throws IOException, SQLException {
        Path dir = STATE.resolve("restarted");
        int port = Ports.free();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (EmbeddedPostgres first = withPasswords(dir, port).start()) {
            assertEquals(port, first.getPort());
        }
        try (EmbeddedPostgres again = withPasswords(dir, port).start();
             Connection superuser = DriverManager.getConnection(url, PostgresLauncher.SUPERUSER,
                     PostgresLauncher.superuserPassword(dir))) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(url, PostgresLauncher.SUPERUSER, "postgres").close());

            assertEquals(INVALID_PASSWORD, refused.getSQLState(), refused.getMessage());
            assertTrue(superuser.isValid(5));
        }
    }

    private static EmbeddedPostgres.Builder withPasswords(Path dir, int port) {
        return PostgresLauncher.requirePasswords(PostgresLauncher.builder(dir, Map.of()), dir)
                .setCleanDataDirectory(false)
                .setPort(port);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
