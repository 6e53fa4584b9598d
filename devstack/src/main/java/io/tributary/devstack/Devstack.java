package io.tributary.devstack;

import io.tributary.localservers.ConnectRest;
import io.tributary.localservers.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The local stack in one command: {@code up} starts PostgreSQL, Elasticsearch, three KRaft brokers and two
 * distributed Connect workers with the packaged plugins, deploys the pipelines of {@code configs/}, and
 * shows a live status until Ctrl-C, which stops everything. {@code down} stops a stack started elsewhere;
 * {@code status} prints one status screen; {@code reset} stops it and deletes its data; {@code validate FILE}
 * prints the errors of a connector file, one per line, key first.
 */
public final class Devstack {

    private static final long STATUS_INTERVAL_SECONDS = 10;

    private final StackLayout layout;

    private Devstack(StackLayout layout) {
        this.layout = layout;
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "up" : args[0];
        Devstack devstack = new Devstack(StackLayout.fromSystemProperties());
        try {
            switch (command) {
                case "up" -> devstack.up();
                case "down" -> devstack.down();
                case "status" -> devstack.status();
                case "reset" -> devstack.reset();
                case "verify" -> System.exit(devstack.verify() ? 0 : 1);
                case "validate" -> System.exit(devstack.validate(args.length > 1 ? args[1] : null) == 0 ? 0 : 1);
                default -> {
                    System.err.println("usage: devstack up|down|status|verify|reset|validate FILE (got '" + command
                            + "')");
                    System.exit(2);
                }
            }
        } catch (RuntimeException e) {
            Progress.say("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private void up() {
        layout.createDirectories();
        List<ServerProcess> running = runningFromPidFiles();
        if (!running.isEmpty()) {
            throw new IllegalStateException("the stack is already running (" + LocalStack.names(running)
                    + "); 'down' stops it");
        }
        deleteQuietly(layout.stoppingMarker()); // left by a 'down' that was itself killed
        LocalStack stack = LocalStack.fromSystemProperties(layout);
        Workload workload = new Workload(layout, stack.database());
        // the workload stops writing before the database it writes to goes away
        // unless 'down' from another shell is stopping the servers already: then it alone reports
        AtomicBoolean stoppedElsewhere = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workload.close();
            if (!stoppedElsewhere.get()) {
                stack.close();
            }
        }, "devstack-stop"));
        long begin = System.nanoTime();
        try {
            stack.start();
            stack.deploy();
        } catch (RuntimeException e) {
            Progress.say("start failed: " + e.getMessage() + "; stopping what started");
            throw e;
        }
        Progress.say(String.format("stack up in %.1f s; Ctrl-C stops it", (System.nanoTime() - begin) / 1e9));
        try (StatusView view = new StatusView(layout, stack.database()); workload) {
            workload.start();
            Progress.say("legacy workload running: every 2 s an insert and an update per table, a delete every 10 s");
            System.out.print(view.urls());
            while (stack.servers().stream().anyMatch(ServerProcess::isAlive)) {
                if (stopping()) {
                    stoppedElsewhere.set(true);
                    workload.close();
                    Progress.say("'down' from another shell is stopping the stack; leaving");
                    return;
                }
                System.out.print(view.render(stack.servers()));
                System.out.flush();
                for (long second = 0; second < STATUS_INTERVAL_SECONDS && !stopping(); second++) {
                    ServerProcess.sleep(TimeUnit.SECONDS.toMillis(1));
                }
            }
            Progress.say("every server has stopped; leaving");
        }
    }

    private void down() {
        List<ServerProcess> running = runningFromPidFiles();
        if (running.isEmpty()) {
            Progress.say("nothing is running");
            return;
        }
        try {
            Files.writeString(layout.stoppingMarker(), "stopped by down");
            LocalStack.stopAll(running);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(layout.stoppingMarker());
        }
    }

    /** Whether 'down' from another shell is stopping the stack. */
    private boolean stopping() {
        return Files.exists(layout.stoppingMarker());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Progress.say("cannot delete " + file + ": " + e.getMessage());
        }
    }

    private void status() {
        List<ServerProcess> running = runningFromPidFiles();
        if (running.isEmpty()) {
            Progress.say("nothing is running; 'up' starts the stack");
            return;
        }
        try (StatusView view = new StatusView(layout, new LegacyDatabase(layout))) {
            System.out.print(view.urls());
            System.out.print(view.render(running));
        }
    }

    /** Checks a connector file on the running stack's first worker; the number of errors, each printed. */
    private int validate(String file) {
        if (runningFromPidFiles().isEmpty()) {
            throw new IllegalStateException("nothing is running; 'up' starts the stack");
        }
        return ConfigCheck.run(new ConnectRest(layout.workerUrl(1)), ConfigCheck.resolve(layout.root, file));
    }

    /**
     * Pauses the workload, gives the pipelines up to a minute to catch up, and reconciles each source
     * table with its index; true when every pair is in step.
     */
    private boolean verify() {
        if (runningFromPidFiles().isEmpty()) {
            throw new IllegalStateException("nothing is running; 'up' starts the stack");
        }
        Reconciliation reconciliation = new Reconciliation(layout, new LegacyDatabase(layout));
        Path pause = layout.state.resolve(Workload.PAUSE_FILE);
        try {
            Files.writeString(pause, "paused by verify");
            List<Reconciliation.Difference> differences = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                differences = new ArrayList<>();
                for (Reconciliation.Pair pair : Reconciliation.PIPELINES) {
                    differences.add(reconciliation.check(pair));
                }
                if (differences.stream().allMatch(Reconciliation.Difference::isClean)) {
                    break;
                }
                ServerProcess.sleep(2_000);
            } while (System.nanoTime() < deadline);
            differences.forEach(difference -> Progress.say(difference.describe()));
            boolean clean = differences.stream().allMatch(Reconciliation.Difference::isClean);
            Progress.say(clean ? "every index is in step with its table"
                    : "DIFFERENCES: the indices are not in step with their tables");
            return clean;
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("cannot reconcile: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(pause);
            } catch (IOException e) {
                Progress.say("could not remove " + pause + "; delete it to resume the workload");
            }
        }
    }

    private void reset() {
        down();
        if (Files.exists(layout.state)) {
            try (Stream<Path> files = Files.walk(layout.state)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + layout.state, e);
            }
        }
        Progress.say("deleted " + layout.state);
    }

    private List<ServerProcess> runningFromPidFiles() {
        if (!Files.isDirectory(layout.pids)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(layout.pids)) {
            return files.filter(file -> file.toString().endsWith(".pid"))
                    .map(ServerProcess::fromPidFile)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
