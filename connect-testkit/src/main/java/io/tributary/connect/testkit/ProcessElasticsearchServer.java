package io.tributary.connect.testkit;

import io.tributary.localservers.ElasticsearchLauncher;
import io.tributary.localservers.JdkLocator;
import io.tributary.localservers.Ports;
import io.tributary.localservers.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elasticsearch from Elastic's integration-test distribution on Maven Central, unpacked by the build
 * into {@code tributary.servers.dir}, run as a child process by {@link ElasticsearchLauncher}.
 */
final class ProcessElasticsearchServer extends AddressedElasticsearchServer {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessElasticsearchServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final long STOP_GRACE_SECONDS = 20;
    private static final String NAME = "elasticsearch";

    private final ElasticsearchLauncher launcher;
    private final Path log;
    private final Thread shutdownHook;
    private ServerProcess process;
    private boolean closed;

    private ProcessElasticsearchServer(ElasticsearchLauncher launcher, Path log, ServerProcess process,
                                       String version) {
        super(launcher.httpUrl(), version);
        this.launcher = launcher;
        this.log = log;
        this.process = process;
        this.shutdownHook = new Thread(this::stopProcess, "testkit-elasticsearch-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the distribution of the given version, which the build unpacked. */
    static ProcessElasticsearchServer start(String wanted) {
        int major = Integer.parseInt(wanted.substring(0, wanted.indexOf('.')));
        int minimumJdk = major >= 9 ? 21 : 17;
        Path javaHome = JdkLocator.find(minimumJdk).orElseThrow(() -> new TestAbortedException(
                "Elasticsearch " + wanted + " needs a JDK " + minimumJdk + " or newer and none was found "
                        + "(looked at ES_JAVA_HOME, this JVM, /usr/lib/jvm); set ES_JAVA_HOME to one"));
        Path home = ElasticsearchLauncher.distribution(Workspace.serversDirectory(), wanted,
                "run the build from the repository root (mvn verify), whose connect-testkit module unpacks it");
        Path instance = Workspace.newDirectory("elasticsearch-" + wanted);
        // tests delete indices by pattern between cases
        ElasticsearchLauncher launcher = new ElasticsearchLauncher(home, instance, Ports.free(), javaHome,
                List.of("action.destructive_requires_name=false"));
        Path log = instance.resolve("console.log");

        long started = System.nanoTime();
        ServerProcess process = launch(launcher, log);
        String reported;
        try {
            reported = launcher.reportedVersion();
        } catch (RuntimeException e) {
            process.stop(STOP_GRACE_SECONDS);
            throw e;
        }
        ProcessElasticsearchServer server = new ProcessElasticsearchServer(launcher, log, process, reported);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("[testkit] Elasticsearch {} (JDK {}) started on {} in {} ms; RSS {} MiB", reported, javaHome,
                server.httpUrl(), millis, process.rssMiB());
        return server;
    }

    /** Starts the process and waits until the cluster is yellow; stops it when it does not get there. */
    private static ServerProcess launch(ElasticsearchLauncher launcher, Path log) {
        ServerProcess process = launcher.start(NAME, log, null);
        try {
            launcher.awaitYellow(process, log, START_TIMEOUT);
        } catch (RuntimeException | Error e) {
            process.stop(STOP_GRACE_SECONDS);
            throw e;
        }
        return process;
    }

    @Override
    public synchronized void stop() {
        stopProcess();
        LOG.info("[testkit] Elasticsearch {} on {} stopped (data kept)", version(), httpUrl());
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("Elasticsearch was closed; it cannot start again");
        }
        if (process.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        process = launch(launcher, log);
        LOG.info("[testkit] Elasticsearch {} restarted on {} in {} ms", version(), httpUrl(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        indices().close();
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook does the same
        }
    }

    /** SIGTERM to the server JVM and its launcher script, then SIGKILL to whatever is left after the grace. */
    private void stopProcess() {
        if (!process.stop(STOP_GRACE_SECONDS)) {
            LOG.warn("Elasticsearch did not stop within {} s; killed it", STOP_GRACE_SECONDS);
        }
    }
}
