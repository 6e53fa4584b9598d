package io.tributary.connect.testkit;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/** Elasticsearch in a container (Elastic's image), single node, security off. */
final class ContainerElasticsearchServer extends AddressedElasticsearchServer {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerElasticsearchServer.class);
    private static final String IMAGE = "docker.elastic.co/elasticsearch/elasticsearch";

    private final ElasticsearchContainer container;
    private boolean closed;

    private ContainerElasticsearchServer(ElasticsearchContainer container, String version) {
        super(URI.create("http://" + container.getHttpHostAddress()), version);
        this.container = container;
    }

    static ContainerElasticsearchServer start(String version) {
        ElasticsearchContainer container = new ElasticsearchContainer(DockerImageName.parse(IMAGE).withTag(version))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("discovery.type", "single-node")
                .withEnv("action.destructive_requires_name", "false")
                .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        long started = System.nanoTime();
        container.start();
        LOG.info("[testkit] Elasticsearch container {} started in {} ms", version,
                (System.nanoTime() - started) / 1_000_000);
        return new ContainerElasticsearchServer(container, version);
    }

    @Override
    public void stop() {
        // a stopped container comes back on other host ports, so the address would not survive
        throw new org.opentest4j.TestAbortedException(
                "stopping and restarting Elasticsearch is supported by the local backend only");
    }

    @Override
    public void start() {
        throw new org.opentest4j.TestAbortedException(
                "stopping and restarting Elasticsearch is supported by the local backend only");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            indices().close();
            container.stop();
        }
    }
}
