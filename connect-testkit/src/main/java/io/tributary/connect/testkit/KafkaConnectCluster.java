package io.tributary.connect.testkit;

import java.net.URI;
import java.util.List;

/**
 * A running Kafka cluster (KRaft) with Connect workers in distributed mode that serve the real REST API.
 * Tests talk to it the way users do: JSON over REST ({@link #connect()}) and Kafka clients ({@link #topics()}).
 */
public interface KafkaConnectCluster extends AutoCloseable {

    /** {@code bootstrap.servers} for clients of this cluster. */
    String bootstrapServers();

    /** Number of brokers. */
    int brokers();

    /** REST base URLs of the running workers, e.g. {@code http://127.0.0.1:41234/}. */
    List<URI> workerUrls();

    /** Stops one worker abruptly-but-cleanly (its tasks move to the others), for failover tests. */
    void stopWorker(int index);

    /** Stops every worker and broker; idempotent. */
    @Override
    void close();

    /** The Connect REST API of the first running worker. */
    default ConnectClient connect() {
        List<URI> urls = workerUrls();
        if (urls.isEmpty()) {
            throw new IllegalStateException("no Connect worker is running");
        }
        return new ConnectClient(urls.get(0));
    }

    /** Topic administration and reading. */
    default KafkaTopics topics() {
        return new KafkaTopics(bootstrapServers(), brokers());
    }
}
