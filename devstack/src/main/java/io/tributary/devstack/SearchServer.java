package io.tributary.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Elasticsearch from the distribution the build unpacked into {@code target/servers/}, its config, data
 * and logs in {@code .devstack/elasticsearch/}. It refuses to run as root, so as root it runs in a user
 * namespace where it is uid 1000.
 */
final class SearchServer {

    private final StackLayout layout;
    private final String version;

    SearchServer(StackLayout layout, String version) {
        this.layout = layout;
        this.version = version;
    }

    ServerProcess start() {
        Path home = layout.root.resolve("target/servers/elasticsearch-" + version);
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("Elasticsearch " + version + " is not unpacked at " + home
                    + "; run mvn -B install -DskipTests first");
        }
        Path dir = layout.state.resolve("elasticsearch");
        Path config = dir.resolve("config");
        try {
            if (!Files.exists(config)) {
                copyTree(home.resolve("config"), config);
            }
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            command.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        for (String setting : List.of("discovery.type=single-node", "xpack.security.enabled=false",
                "network.host=127.0.0.1", "http.port=" + layout.elasticsearchPort(), "transport.port=0",
                "path.data=" + dir.resolve("data"), "path.logs=" + dir.resolve("logs"),
                "cluster.routing.allocation.disk.threshold_enabled=false")) {
            command.add("-E");
            command.add(setting);
        }
        return ServerProcess.start(layout, "elasticsearch", command, Map.of(
                "ES_JAVA_HOME", System.getProperty("java.home"),
                "ES_JAVA_OPTS", "-Xms512m -Xmx512m",
                "ES_TMPDIR", dir.resolve("tmp").toString(),
                "ES_PATH_CONF", config.toString()));
    }

    void awaitReady(ServerProcess process, long timeoutSeconds) {
        process.awaitHttpOk(URI.create(layout.elasticsearchUrl() + "/_cluster/health?wait_for_status=yellow&timeout=2s"),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds),
                "Elasticsearch exited; see " + layout.logs.resolve("elasticsearch.log"),
                "Elasticsearch was not yellow within " + timeoutSeconds + " s");
    }

    private static void copyTree(Path from, Path to) throws IOException {
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
