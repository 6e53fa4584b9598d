package io.tributary.devstack;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One server of the stack as an operating-system process: started with its output in
 * {@code .devstack/logs/<name>.log} and its pid in {@code .devstack/pids/<name>.pid}, so that {@code down}
 * from another shell can stop it too.
 */
final class ServerProcess {

    private final String name;
    private final Path pidFile;
    private final ProcessHandle handle;

    private ServerProcess(String name, Path pidFile, ProcessHandle handle) {
        this.name = name;
        this.pidFile = pidFile;
        this.handle = handle;
    }

    static ServerProcess start(StackLayout layout, String name, List<String> command, java.util.Map<String, String> env) {
        Path log = layout.logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            Path pidFile = layout.pids.resolve(name + ".pid");
            Files.writeString(pidFile, Long.toString(process.pid()));
            return new ServerProcess(name, pidFile, process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** A process a pid file names, if it still runs. */
    static Optional<ServerProcess> fromPidFile(Path pidFile) {
        String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(handle -> new ServerProcess(name, pidFile, handle));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    String name() {
        return name;
    }

    /**
     * Polls {@code url} until it answers 200. Fails with {@code exited} when this process ends first, and
     * with {@code late} when {@code deadlineNanos} (a {@link System#nanoTime()} value) passes.
     */
    void awaitHttpOk(URI url, long deadlineNanos, String exited, String late) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            if (!isAlive()) {
                throw new IllegalStateException(exited);
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(late);
            }
            Progress.sleep(500);
        }
    }

    boolean isAlive() {
        return handle.isAlive();
    }

    long pid() {
        return handle.pid();
    }

    /** RSS of the process and its children, in MiB, from /proc. */
    long rssMiB() {
        return Stream.concat(Stream.of(handle), handle.descendants()).mapToLong(ServerProcess::rssKiB).sum() / 1024;
    }

    private static long rssKiB(ProcessHandle process) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0L;
        }
    }

    /** SIGKILL, as a crash or a pulled plug would end it: no shutdown hook runs, nothing is flushed or handed over. */
    void kill() {
        List<ProcessHandle> tree = Stream.concat(Stream.of(handle), handle.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " (pid " + handle.pid() + ") survived SIGKILL", e);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file only makes the next 'down' look at a dead pid
        }
    }

    /** SIGTERM, so the server shuts down cleanly; SIGKILL after the grace period. */
    void stop(long graceSeconds) {
        List<ProcessHandle> tree = Stream.concat(handle.descendants(), Stream.of(handle)).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            handle.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file only makes the next 'down' look at a dead pid
        }
    }
}
