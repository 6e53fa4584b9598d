package io.tributary.localservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL from the binaries on Maven Central (zonky), as a child process. As root, zonky runs initdb
 * and postgres in a user namespace by itself. Binaries and data live in a directory of the caller's, so
 * nothing lands in /tmp.
 */
public final class PostgresLauncher {

    private PostgresLauncher() {
    }

    /**
     * A server builder with its binaries in {@code dir/binaries}, its data in {@link #dataDirectory(Path)
     * dir/data}, the given server settings (e.g. {@code wal_level=logical}), and a minute to start in;
     * the caller adds what differs (port, data kept or cleaned, output) and starts it.
     */
    public static EmbeddedPostgres.Builder builder(Path dir, Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                .setDataDirectory(dataDirectory(dir))
                .setPGStartupWait(Duration.ofSeconds(60));
        settings.forEach(builder::setServerConfig);
        return builder;
    }

    public static Path dataDirectory(Path dir) {
        return dir.resolve("data");
    }

    /** The server process, from the first line of {@code postmaster.pid} (zonky's own handle is pg_ctl's). */
    public static Optional<Long> postmasterPid(Path dataDirectory) {
        try {
            String firstLine = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0);
            return Optional.of(Long.parseLong(firstLine.trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
