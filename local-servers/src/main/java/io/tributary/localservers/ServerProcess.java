package io.tributary.localservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One server as an operating-system process, with its output appended to a log file. Given a pid file,
 * it writes its pid there, so that another JVM (devstack's {@code down} in another shell) can stop it too.
 */
public final class ServerProcess {

    private final String name;
    private final Path pidFile;
    private final ProcessHandle handle;

    private ServerProcess(String name, Path pidFile, ProcessHandle handle) {
        this.name = name;
        this.pidFile = pidFile;
        this.handle = handle;
    }

    /** Starts {@code command} with {@code env} added to this JVM's environment; {@code pidFile} may be null. */
    public static ServerProcess start(String name, List<String> command, Map<String, String> env, Path log,
                                      Path pidFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return start(name, builder, pidFile);
    }

    /** Starts what {@code builder} describes, as it is set up (output, environment); {@code pidFile} may be null. */
    public static ServerProcess start(String name, ProcessBuilder builder, Path pidFile) {
        try {
            Process process = builder.start();
            if (pidFile != null) {
                Files.writeString(pidFile, Long.toString(process.pid()));
            }
            return new ServerProcess(name, pidFile, process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + builder.command(), e);
        }
    }

    /** A process a pid file names, if it still runs; the file's name without {@code .pid} is its name. */
    public static Optional<ServerProcess> fromPidFile(Path pidFile) {
        String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(handle -> new ServerProcess(name, pidFile, handle));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String name() {
        return name;
    }

    /**
     * Polls {@code url} until it answers 200. Fails with the message {@code exited} gives when this process
     * ends first, and with {@code late}'s when {@code deadlineNanos} (a {@link System#nanoTime()} value)
     * passes; they are asked only then, so they may read the log as it is at that moment.
     */
    public void awaitHttpOk(URI url, long deadlineNanos, Supplier<String> exited, Supplier<String> late) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            if (!isAlive()) {
                throw new IllegalStateException(exited.get());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(late.get());
            }
            sleep(250);
        }
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    public long pid() {
        return handle.pid();
    }

    /** RSS of the process and its children, in MiB. */
    public long rssMiB() {
        return ProcessMemory.rssMiB(handle);
    }

    /** SIGKILL, as a crash or a pulled plug would end it: no shutdown hook runs, nothing is flushed or handed over. */
    public void kill() {
        List<ProcessHandle> tree = Stream.concat(Stream.of(handle), handle.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " (pid " + handle.pid() + ") survived SIGKILL", e);
        }
        deletePidFile();
    }

    /**
     * SIGTERM to the process and its children (a launcher script's server), so the server shuts down
     * cleanly; SIGKILL to whatever is left after the grace period. True when it stopped within the grace.
     */
    public boolean stop(long graceSeconds) {
        List<ProcessHandle> tree = Stream.concat(handle.descendants(), Stream.of(handle)).toList();
        tree.forEach(ProcessHandle::destroy);
        boolean clean = true;
        try {
            handle.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        } catch (Exception e) {
            clean = false;
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        deletePidFile();
        return clean;
    }

    private void deletePidFile() {
        if (pidFile == null) {
            return;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file only makes the next 'down' look at a dead pid
        }
    }

    /** Sleeps; an interrupt ends the wait with an {@link IllegalStateException} and the flag set again. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
