package io.tributary.devstack;

import io.tributary.localservers.PostgresLauncher;
import io.tributary.localservers.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The legacy PostgreSQL (binaries from Maven Central) with logical replication on, its data kept in
 * {@code .devstack/postgres/}, seeded once with the legacy schema the pipelines read. Connectors log in
 * as {@code tributary}, whose password reaches the workers through their environment. Every role, the
 * superuser included, must give its password (scram-sha-256), so a wrong one is refused as in production;
 * the superuser's is random, made with the database, in {@code .devstack/postgres/superuser.password}.
 */
final class LegacyDatabase {

    static final String USER = "tributary";
    static final String PASSWORD = "tributary-dev";
    /** The legacy schema and its data, then the pipelines' role (the password above is in roles.sql). */
    static final List<String> SCRIPTS = List.of("seed.sql", "roles.sql");
    /** The HMAC key the ETL pipeline masks e-mail addresses with; a development value, like the password. */
    static final String MASK_SECRET = "tributary-dev-mask-key";

    private final StackLayout layout;

    LegacyDatabase(StackLayout layout) {
        this.layout = layout;
    }

    /** Starts the server (it outlives this JVM until stopped through its pid file) and seeds it. */
    ServerProcess start() {
        Path dir = directory();
        try {
            // max_slot_wal_keep_size bounds what a stalled slot can keep, as docs/cdc.md advises for production
            Map<String, String> settings = Map.of("wal_level", "logical", "max_replication_slots", "10",
                    "max_wal_senders", "10", "max_slot_wal_keep_size", "2GB");
            requirePasswords(PostgresLauncher.builder(dir, settings), dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(layout.postgresPort())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(layout.logs.resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(layout.logs.resolve("postgres.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + layout.logs.resolve("postgres.log"), e);
        }
        seed();
        long pid = PostgresLauncher.postmasterPid(PostgresLauncher.dataDirectory(dir)).orElseThrow(() ->
                new IllegalStateException("PostgreSQL runs but wrote no postmaster.pid"));
        try {
            Files.writeString(layout.pids.resolve("postgres.pid"), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServerProcess.fromPidFile(layout.pids.resolve("postgres.pid"))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL (pid " + pid + ") is not running"));
    }

    private Path directory() {
        return layout.state.resolve("postgres");
    }

    private static EmbeddedPostgres.Builder requirePasswords(EmbeddedPostgres.Builder builder, Path dir) {
        try {
            return PostgresLauncher.requirePasswords(builder, dir);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (mvn -B -pl devstack exec:exec@up "
                    + "-Ddevstack.command=reset deletes all of the devstack's data)", e);
        }
    }

    private void seed() {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                    + StackLayout.DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + StackLayout.DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the legacy database: " + e.getMessage(), e);
        }
        try (Connection db = connect(StackLayout.DATABASE); Statement statement = db.createStatement()) {
            for (String script : SCRIPTS) {
                statement.execute(script(script));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the legacy database: " + e.getMessage(), e);
        }
    }

    /** The SQL of {@link #SCRIPTS}: the same files docker-compose.yml hands PostgreSQL's init directory. */
    static String script(String name) {
        try (InputStream in = LegacyDatabase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the devstack jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A superuser connection, with the superuser's password. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + layout.postgresPort() + "/" + database,
                PostgresLauncher.SUPERUSER, PostgresLauncher.superuserPassword(directory()));
    }
}
