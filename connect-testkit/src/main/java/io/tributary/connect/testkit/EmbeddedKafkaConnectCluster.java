package io.tributary.connect.testkit;

import io.tributary.localservers.ProcessMemory;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** KRaft brokers and distributed Connect workers in this JVM, on Kafka's own embedded cluster harness. */
final class EmbeddedKafkaConnectCluster implements KafkaConnectCluster {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaConnectCluster.class);

    private final EmbeddedConnectCluster cluster;
    private final int brokers;
    private boolean closed;

    private EmbeddedKafkaConnectCluster(EmbeddedConnectCluster cluster, int brokers) {
        this.cluster = cluster;
        this.brokers = brokers;
    }

    static EmbeddedKafkaConnectCluster start(String name, int brokers, int workers, Map<String, String> workerProps) {
        Properties brokerProps = new Properties();
        brokerProps.put("group.initial.rebalance.delay.ms", "0");
        brokerProps.put("auto.create.topics.enable", "false");
        // transactions (exactly-once source tasks, transactional producers in tests) on clusters of any size
        brokerProps.put("transaction.state.log.replication.factor", Integer.toString(Math.min(brokers, 3)));
        brokerProps.put("transaction.state.log.min.isr", Integer.toString(Math.min(brokers, 2)));
        if (brokers >= 3) {
            brokerProps.put("default.replication.factor", "3");
            brokerProps.put("min.insync.replicas", "2");
        }
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(brokers)
                .brokerProps(brokerProps)
                .workerProps(workerProps) // the harness adds to this map: it must be mutable
                .maskExitProcedures(true)
                .build();
        long started = System.nanoTime();
        cluster.start();
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("[testkit] Kafka {} broker(s) + {} Connect worker(s) started in {} ms; this JVM's RSS is now {} MiB",
                brokers, workers, millis, ProcessMemory.selfRssMiB());
        return new EmbeddedKafkaConnectCluster(cluster, brokers);
    }

    @Override
    public String bootstrapServers() {
        return cluster.kafka().bootstrapServers();
    }

    @Override
    public int brokers() {
        return brokers;
    }

    @Override
    public synchronized List<URI> workerUrls() {
        return runningWorkers().stream().map(WorkerHandle::url).toList();
    }

    /** The harness forgets a removed worker, so what it lists is what runs. */
    private List<WorkerHandle> runningWorkers() {
        return cluster.workers().stream()
                .sorted(Comparator.comparing(worker -> worker.url().toString()))
                .toList();
    }

    @Override
    public synchronized void stopWorker(int index) {
        cluster.removeWorker(runningWorkers().get(index));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cluster.stop();
        }
    }
}
