package io.tributary.connect.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the test servers run. {@code BACKEND=containers|local|auto} (environment) or
 * {@code -Dtributary.backend=...} chooses; {@code auto}, the default, takes containers when a Docker
 * engine answers and local servers otherwise. Both run the same real servers.
 */
public enum Backend {
    /** Servers from Maven Central artifacts: Kafka in this JVM, PostgreSQL and Elasticsearch as child processes. */
    LOCAL,
    /** Servers in Docker containers, through Testcontainers. */
    CONTAINERS;

    private static volatile Backend selected;

    /** The backend of this JVM, decided once. */
    public static Backend selected() {
        Backend result = selected;
        if (result == null) {
            synchronized (Backend.class) {
                result = selected;
                if (result == null) {
                    result = decide(requested());
                    selected = result;
                }
            }
        }
        return result;
    }

    static String requested() {
        String value = System.getProperty("tributary.backend");
        if (value == null || value.isBlank()) {
            value = System.getenv("BACKEND");
        }
        return value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
    }

    static Backend decide(String requested) {
        switch (requested) {
            case "local":
                return LOCAL;
            case "containers":
                if (!dockerAnswers()) {
                    throw new IllegalStateException("BACKEND=containers, but no Docker engine answers here; "
                            + "use BACKEND=local (or unset it) to run the servers from Maven Central artifacts");
                }
                return CONTAINERS;
            case "auto":
                return dockerAnswers() ? CONTAINERS : LOCAL;
            default:
                throw new IllegalArgumentException("BACKEND must be one of auto, local, containers; got '"
                        + requested + "'");
        }
    }

    /**
     * Asks Testcontainers only when there is a socket or a DOCKER_HOST to ask: its discovery without
     * an engine takes seconds and logs a page of errors.
     */
    static boolean dockerAnswers() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock"))
                || System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!socket) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
