package io.tributary.connect.testkit;

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

    static ContainerPostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE))
                .withUsername(SUPERUSER)
                .withPassword(SUPERUSER_PASSWORD)
                .withDatabaseName("postgres")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                        "-c", "max_wal_senders=20", "-c", "max_connections=200");
        long started = System.nanoTime();
        container.start();
        LOG.info("[testkit] PostgreSQL container {} started in {} ms", IMAGE, (System.nanoTime() - started) / 1_000_000);
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
