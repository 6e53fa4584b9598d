package io.tributary.localservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where servers' output and pid files go: {@code logs/<name>.log} and, when {@code pids} is not null,
 * {@code pids/<name>.pid}, which lets another JVM find and stop them.
 */
public record ServerFiles(Path logs, Path pids) {

    public Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** The pid file of a server, or null when these servers keep none. */
    public Path pidFile(String name) {
        return pids == null ? null : pids.resolve(name + ".pid");
    }

    public void createDirectories() {
        try {
            Files.createDirectories(logs);
            if (pids != null) {
                Files.createDirectories(pids);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs + " or " + pids, e);
        }
    }
}
