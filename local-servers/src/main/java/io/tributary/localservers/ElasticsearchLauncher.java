package io.tributary.localservers;

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
import java.util.stream.Stream;

/**
 * Elasticsearch from Elastic's integration-test distribution on Maven Central (the build unpacks it),
 * run as a child process: single node, security off, on loopback, with its config, data, logs and
 * temporary files in an instance directory of its own. Run as root, it starts in a user namespace
 * ({@link Unprivileged}), since it refuses to run as root.
 */
public final class ElasticsearchLauncher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path instance;
    private final int port;
    private final Path javaHome;
    private final List<String> extraSettings;
    private String javaOptions = "-Xms512m -Xmx512m";

    /**
     * {@code home}: the unpacked distribution; {@code instance}: where this server keeps its state (kept
     * across restarts); {@code javaHome}: the JDK it runs on; {@code extraSettings}: more {@code -E} settings.
     */
    public ElasticsearchLauncher(Path home, Path instance, int port, Path javaHome, List<String> extraSettings) {
        this.home = home;
        this.instance = instance;
        this.port = port;
        this.javaHome = javaHome;
        this.extraSettings = List.copyOf(extraSettings);
    }

    /** JVM options (ES_JAVA_OPTS) instead of the default {@code -Xms512m -Xmx512m}. */
    public ElasticsearchLauncher withJavaOptions(String options) {
        this.javaOptions = options;
        return this;
    }

    /**
     * The distribution of {@code version} unpacked in {@code serversDirectory}; fails with {@code hint}
     * (how to unpack it) when it is not there.
     */
    public static Path distribution(Path serversDirectory, String version, String hint) {
        Path home = serversDirectory.resolve("elasticsearch-" + version);
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("Elasticsearch " + version + " is not unpacked at " + home + "; " + hint);
        }
        return home;
    }

    public URI httpUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the server (it is not ready yet: {@link #awaitYellow}); {@code pidFile} may be null. */
    public ServerProcess start(String name, Path log, Path pidFile) {
        Path config = instance.resolve("config");
        try {
            if (!Files.exists(config)) {
                copyDirectory(home.resolve("config"), config);
            }
            for (String dir : List.of("data", "logs", "tmp")) {
                Files.createDirectories(instance.resolve(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + instance, e);
        }
        List<String> command = new ArrayList<>(Unprivileged.commandPrefix());
        command.add(home.resolve("bin/elasticsearch").toString());
        List<String> settings = new ArrayList<>(List.of(
                "discovery.type=single-node",
                "xpack.security.enabled=false",
                "network.host=127.0.0.1",
                "http.port=" + port,
                "transport.port=0",
                "path.data=" + instance.resolve("data"),
                "path.logs=" + instance.resolve("logs"),
                "cluster.routing.allocation.disk.threshold_enabled=false"));
        settings.addAll(extraSettings);
        for (String setting : settings) {
            command.add("-E");
            command.add(setting);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // ES_JAVA_HOME chooses the JDK; a JAVA_HOME beside it only earns a warning
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("ES_JAVA_HOME", javaHome.toString());
        builder.environment().put("ES_JAVA_OPTS", javaOptions);
        builder.environment().put("ES_TMPDIR", instance.resolve("tmp").toString());
        builder.environment().put("ES_PATH_CONF", config.toString());
        return ServerProcess.start(name, builder, pidFile);
    }

    /** Waits until the cluster is yellow; fails with the end of {@code log} when the server exits first or is late. */
    public void awaitYellow(ServerProcess process, Path log, Duration timeout) {
        process.awaitHttpOk(httpUrl().resolve("/_cluster/health?wait_for_status=yellow&timeout=2s"),
                System.nanoTime() + timeout.toNanos(),
                () -> "Elasticsearch exited before it was ready; the end of " + log + ":\n" + tail(log),
                () -> "Elasticsearch was not yellow within " + timeout.toSeconds() + " s; the end of " + log + ":\n"
                        + tail(log));
    }

    /** The version of the local node; {@code GET /} is absent from this distribution, {@code _nodes} is not. */
    public String reportedVersion() {
        HttpRequest request = HttpRequest.newBuilder(httpUrl().resolve("/_nodes/_local?filter_path=nodes.*.version"))
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

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
