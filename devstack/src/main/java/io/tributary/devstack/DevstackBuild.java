package io.tributary.devstack;

import io.tributary.localservers.ConnectWorkers;
import io.tributary.localservers.ElasticsearchLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the devstack build put in its own {@code target/}: the Kafka classpath of the broker and worker
 * JVMs ({@code kafka.classpath}, without any of our plugins), the plugin directories unpacked from the
 * plugin modules' {@code plugin} zips ({@code plugins/}), and the Elasticsearch distribution
 * ({@code servers/}).
 */
record DevstackBuild(Path kafkaClasspath, Path plugins, Path servers, String elasticsearchVersion) {

    private static final String HINT = "build first: mvn -B install -DskipTests";
    /** The agent's file name, as devstack/pom.xml copies it. */
    static final String METRICS_AGENT = "jmx_prometheus_javaagent.jar";
    /** The exporter's rules for Connect workers, shared with compose and Kubernetes users. */
    static final String METRICS_RULES = "deploy/prometheus/connect-worker-jmx.yml";
    /** The plugin zips devstack/pom.xml unpacks. */
    private static final List<String> PLUGINS =
            List.of("connect-source-jdbc", "connect-sink-elasticsearch", "connect-cdc", "smt-transforms");

    /** The build's output in {@code target} (devstack's own {@code target/}). */
    static DevstackBuild in(Path target, String elasticsearchVersion) {
        return new DevstackBuild(target.resolve("kafka.classpath"), target.resolve("plugins"),
                target.resolve("servers"), elasticsearchVersion);
    }

    /** As the exec plugin passes it ({@code devstack.target}, {@code devstack.elasticsearch.version}). */
    static DevstackBuild fromSystemProperties(Path root) {
        return in(Path.of(System.getProperty("devstack.target", root.resolve("devstack/target").toString())),
                System.getProperty("devstack.elasticsearch.version", "8.19.21"));
    }

    String classpath() {
        try {
            return Files.readString(kafkaClasspath).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kafkaClasspath + "; " + HINT, e);
        }
    }

    /** The directory of plugin directories the workers load through {@code plugin.path}; fails when unbuilt. */
    List<Path> pluginPath() {
        for (String plugin : PLUGINS) {
            if (!Files.isDirectory(plugins.resolve(plugin))) {
                throw new IllegalStateException("plugin " + plugin + " is not unpacked in " + plugins + "; " + HINT);
            }
        }
        return List.of(plugins);
    }

    /**
     * The Prometheus JMX exporter agent the build copied next to the plugins, with the rules file the repository
     * ships for Connect workers; empty when the agent is not there (a build older than the agent).
     */
    Optional<ConnectWorkers.MetricsAgent> metricsAgent(Path root) {
        Path jar = plugins.resolveSibling("agents").resolve(METRICS_AGENT);
        Path rules = root.resolve(METRICS_RULES);
        return Files.isRegularFile(jar) && Files.isRegularFile(rules)
                ? Optional.of(new ConnectWorkers.MetricsAgent(jar, rules))
                : Optional.empty();
    }

    /** The unpacked Elasticsearch distribution; fails when unbuilt. */
    Path elasticsearchHome() {
        return ElasticsearchLauncher.distribution(servers, elasticsearchVersion, HINT);
    }
}
