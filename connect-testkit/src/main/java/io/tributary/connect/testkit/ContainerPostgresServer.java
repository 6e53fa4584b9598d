package io.tributary.connect.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL in a container (official image), with logical decoding on. */
final class ContainerPostgresServer implements PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerPostgresServer.class);
    static final String IMAGE = "postgres:17";

    private final PostgreSQLContainer container;
    private boolean closed;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    static ContainerPostgresServer start(Map<String, String> settings) {
        return start(settings, IMAGE);
    }

    /** {@code image}: the official image of the major to run, e.g. {@code postgres:12}. */
    static ContainerPostgresServer start(Map<String, String> settings, String image) {
        Map<String, String> config = new LinkedHashMap<>(EmbeddedPostgresServer.DEFAULT_SETTINGS);
        config.putAll(settings);
        List<String> command = new ArrayList<>(List.of("postgres"));
        config.forEach((key, value) -> command.addAll(List.of("-c", key + "=" + value)));
        DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
        PostgreSQLContainer container = new PostgreSQLContainer(name)
                .withUsername(SUPERUSER)
                .withPassword(SUPERUSER_PASSWORD)
                .withDatabaseName("postgres")
                .withCommand(command.toArray(String[]::new));
        long started = System.nanoTime();
        container.start();
        LOG.info("[testkit] PostgreSQL container {} started in {} ms", image,
                (System.nanoTime() - started) / 1_000_000);
        return new ContainerPostgresServer(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(5432);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            container.stop();
        }
    }
}
