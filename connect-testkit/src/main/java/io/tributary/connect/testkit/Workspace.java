package io.tributary.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Directories the kit writes to: everything under the module's {@code target/}, nothing in /tmp.
 * The build passes {@code tributary.work.dir} and {@code tributary.servers.dir}.
 */
public final class Workspace {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Workspace() {
    }

    /** A new directory under the work dir, named {@code prefix-N}. */
    public static Path newDirectory(String prefix) {
        Path base = Path.of(System.getProperty("tributary.work.dir", "target/testkit")).toAbsolutePath();
        try {
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, prefix + "-" + SEQUENCE.incrementAndGet() + "-");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory under " + base, e);
        }
    }

    /** Where the build unpacked server distributions (Elasticsearch). */
    public static Path serversDirectory() {
        String dir = System.getProperty("tributary.servers.dir");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("tributary.servers.dir is not set: run the tests through Maven "
                    + "(mvn verify), which unpacks the server distributions and passes their location");
        }
        return Path.of(dir);
    }
}
