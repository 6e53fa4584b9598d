package io.tributary.connect.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka broker (KRaft) in a container, with distributed Connect workers in this JVM so that the
 * plugins under test are on their classpath. Clusters of several brokers run on the embedded harness
 * (see {@link KafkaConnectExtension}).
 */
final class ContainerKafkaConnectCluster implements KafkaConnectCluster {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerKafkaConnectCluster.class);

    private final KafkaContainer broker;
    private final List<WorkerHandle> workers;
    private boolean closed;

    private ContainerKafkaConnectCluster(KafkaContainer broker, List<WorkerHandle> workers) {
        this.broker = broker;
        this.workers = workers;
    }

    static ContainerKafkaConnectCluster start(String name, int workerCount, Map<String, String> workerProps) {
        String image = "apache/kafka:" + System.getProperty("tributary.kafka.version", "4.3.1");
        KafkaContainer broker = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        long started = System.nanoTime();
        broker.start();
        List<WorkerHandle> workers = new ArrayList<>();
        try {
            for (int i = 0; i < workerCount; i++) {
                Map<String, String> props = new HashMap<>(workerProps);
                props.put("bootstrap.servers", broker.getBootstrapServers());
                props.put("group.id", name + "-connect");
                props.put("config.storage.topic", name + "-configs");
                props.put("offset.storage.topic", name + "-offsets");
                props.put("status.storage.topic", name + "-status");
                props.put("listeners", "http://127.0.0.1:0");
                props.put("rest.advertised.host.name", "127.0.0.1");
                workers.add(WorkerHandle.start(name + "-worker-" + i, props));
            }
        } catch (RuntimeException e) {
            workers.forEach(WorkerHandle::stop);
            broker.stop();
            throw e;
        }
        LOG.info("[testkit] Kafka container {} + {} Connect worker(s) started in {} ms", image, workerCount,
                (System.nanoTime() - started) / 1_000_000);
        return new ContainerKafkaConnectCluster(broker, workers);
    }

    @Override
    public String bootstrapServers() {
        return broker.getBootstrapServers();
    }

    @Override
    public int brokers() {
        return 1;
    }

    @Override
    public synchronized List<URI> workerUrls() {
        return workers.stream().map(WorkerHandle::url).toList();
    }

    @Override
    public synchronized void stopWorker(int index) {
        workers.remove(index).stop();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            workers.forEach(WorkerHandle::stop);
            broker.stop();
        }
    }
}
