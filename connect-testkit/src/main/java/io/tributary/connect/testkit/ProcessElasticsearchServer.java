package io.tributary.connect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elasticsearch from Elastic's integration-test distribution on Maven Central, unpacked by the build
 * into {@code tributary.servers.dir}, run as a child process. It refuses to run as root, so as root the
 * kit starts it in a user namespace where it is uid 1000.
 */
final class ProcessElasticsearchServer implements ElasticsearchServer {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessElasticsearchServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final ProcessBuilder builder;
    private final Path instance;
    private final URI httpUrl;
    private final String version;
    private final ElasticsearchIndices indices;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private ProcessElasticsearchServer(ProcessBuilder builder, Path instance, Process process, URI httpUrl, String version) {
        this.builder = builder;
        this.instance = instance;
        this.process = process;
        this.httpUrl = httpUrl;
        this.version = version;
        this.indices = new ElasticsearchIndices(httpUrl);
        this.shutdownHook = new Thread(this::stopProcess, "testkit-elasticsearch-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the distribution of the given major version (8 or 9), as the build pinned it. */
    static ProcessElasticsearchServer start(int major) {
        String wanted = System.getProperty("tributary.elasticsearch." + major + ".version");
        if (wanted == null) {
            throw new IllegalArgumentException("no Elasticsearch " + major + ".x is pinned; the build passes "
                    + "tributary.elasticsearch.8.version and tributary.elasticsearch.9.version");
        }
        int minimumJdk = major >= 9 ? 21 : 17;
        Path javaHome = JdkLocator.find(minimumJdk).orElseThrow(() -> new TestAbortedException(
                "Elasticsearch " + wanted + " needs a JDK " + minimumJdk + " or newer and none was found "
                        + "(looked at ES_JAVA_HOME, this JVM, /usr/lib/jvm); set ES_JAVA_HOME to one"));
        Path home = Workspace.serversDirectory().resolve("elasticsearch-" + wanted);
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("Elasticsearch " + wanted + " is not unpacked at " + home
                    + "; run the build from the repository root (mvn verify), whose connect-testkit module unpacks it");
        }

        Path instance = Workspace.newDirectory("elasticsearch-" + wanted);
        copyDirectory(home.resolve("config"), instance.resolve("config"));
        createDirectories(instance.resolve("data"), instance.resolve("logs"), instance.resolve("tmp"));
        int port = Ports.free();

        List<String> command = new ArrayList<>();
        if (Workspace.runningAsRoot()) {
            command.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        for (String setting : List.of(
                "discovery.type=single-node",
                "xpack.security.enabled=false",
                "network.host=127.0.0.1",
                "http.port=" + port,
                "transport.port=0",
                "path.data=" + instance.resolve("data"),
                "path.logs=" + instance.resolve("logs"),
                "action.destructive_requires_name=false",
                "cluster.routing.allocation.disk.threshold_enabled=false")) {
            command.add("-E");
            command.add(setting);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve("console.log").toFile()));
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("ES_JAVA_HOME", javaHome.toString());
        builder.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        builder.environment().put("ES_TMPDIR", instance.resolve("tmp").toString());
        builder.environment().put("ES_PATH_CONF", instance.resolve("config").toString());

        long started = System.nanoTime();
        URI url = URI.create("http://127.0.0.1:" + port);
        Process process = launch(builder, url, instance);
        String reported;
        try {
            reported = reportedVersion(url);
        } catch (RuntimeException e) {
            destroyTree(process);
            throw e;
        }
        ProcessElasticsearchServer server = new ProcessElasticsearchServer(builder, instance, process, url, reported);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("[testkit] Elasticsearch {} (JDK {}) started on {} in {} ms; RSS {} MiB", reported, javaHome,
                url, millis, ProcessMemory.rssMiB(process.toHandle()));
        return server;
    }

    /** Starts the process and waits until the cluster is yellow; kills it when it does not get there. */
    private static Process launch(ProcessBuilder builder, URI url, Path instance) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
        try {
            awaitYellow(process, url, instance);
        } catch (RuntimeException | Error e) {
            destroyTree(process);
            throw e;
        }
        return process;
    }

    private static void awaitYellow(Process process, URI url, Path instance) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue()
                        + " before it was ready; its output:\n" + tail(instance.resolve("console.log")));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Elasticsearch started", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("Elasticsearch was not yellow within " + START_TIMEOUT.toSeconds()
                + " s; its output:\n" + tail(instance.resolve("console.log")));
    }

    /** The version of the local node; {@code GET /} is absent from this distribution, {@code _nodes} is not. */
    private static String reportedVersion(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/_nodes/_local?filter_path=nodes.*.version"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
            Iterator<JsonNode> nodes = JSON.readTree(body).path("nodes").elements();
            if (!nodes.hasNext()) {
                throw new IllegalStateException("no node version in " + body);
            }
            return nodes.next().path("version").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Elasticsearch version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public URI httpUrl() {
        return httpUrl;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public ElasticsearchIndices indices() {
        return indices;
    }

    @Override
    public synchronized void stop() {
        stopProcess();
        LOG.info("[testkit] Elasticsearch {} on {} stopped (data kept)", version, httpUrl);
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
        process = launch(builder, httpUrl, instance);
        LOG.info("[testkit] Elasticsearch {} restarted on {} in {} ms", version, httpUrl, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        indices.close();
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook does the same
        }
    }

    private void stopProcess() {
        destroyTree(process);
    }

    /** SIGTERM to the server JVM and its launcher, then SIGKILL to whatever is left after 20 s. */
    private static void destroyTree(Process process) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                LOG.warn("Elasticsearch did not stop within 20 s; killing it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void copyDirectory(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void createDirectories(Path... dirs) {
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
