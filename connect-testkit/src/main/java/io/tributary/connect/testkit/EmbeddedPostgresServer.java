package io.tributary.connect.testkit;

import io.tributary.localservers.PostgresLauncher;
import io.tributary.localservers.ProcessMemory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from the binaries on Maven Central ({@link PostgresLauncher}), in a fresh directory of the
 * test workspace, with passwords required of every role but the superuser.
 */
final class EmbeddedPostgresServer implements PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final Map<String, String> DEFAULT_SETTINGS = Map.of(
            "wal_level", "logical",
            "max_replication_slots", "20",
            "max_wal_senders", "20",
            "max_connections", "200",
            // PREPARE TRANSACTION, for tests of two-phase commits the connector must wait for
            "max_prepared_transactions", "10",
            "password_encryption", "scram-sha-256");

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * {@code settings} override the server defaults ({@code wal_level=logical}, ...), e.g.
     * {@code wal_level=replica}.
     */
    static EmbeddedPostgresServer start(Map<String, String> settings) {
        return start(settings, null);
    }

    /** {@code binariesJar}: a zonky binaries jar of another PostgreSQL than the classpath's; null for that one. */
    static EmbeddedPostgresServer start(Map<String, String> settings, Path binariesJar) {
        Path dir = Workspace.newDirectory("postgres");
        long started = System.nanoTime();
        Map<String, String> config = new LinkedHashMap<>(DEFAULT_SETTINGS);
        config.putAll(settings);
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = PostgresLauncher.builder(dir, config);
            if (binariesJar != null) {
                PostgresLauncher.withBinaries(builder, binariesJar);
            }
            postgres = builder
                    .setCleanDataDirectory(true)
                    .setDataDirectoryCustomizer(EmbeddedPostgresServer::writeHostBasedAuthentication)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dir, e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + SUPERUSER_PASSWORD + "'");
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException("cannot set the superuser password", e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("[testkit] PostgreSQL started on port {} in {} ms; RSS {} MiB", postgres.getPort(), millis,
                PostgresLauncher.postmasterPid(PostgresLauncher.dataDirectory(dir))
                        .flatMap(ProcessHandle::of).map(ProcessMemory::rssMiB).orElse(0L));
        return server;
    }

    /** The superuser is trusted on loopback; every other role must give its password. */
    private static void writeHostBasedAuthentication(File dataDirectory) {
        String hba = String.join("\n",
                "local all postgres trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host replication postgres 127.0.0.1/32 trust",
                "host replication postgres ::1/128 trust",
                "local all all scram-sha-256",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256",
                "host replication all 127.0.0.1/32 scram-sha-256",
                "host replication all ::1/128 scram-sha-256",
                "");
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf", e);
        }
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
