package io.tributary.connect.cdc;

import io.tributary.connect.testkit.KafkaConnectCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;

/** Reads a topic's configuration, which the kit's topic helper does not expose. */
final class TopicConfigs {

    private TopicConfigs() {
    }

    static String cleanupPolicy(KafkaConnectCluster cluster, String topic) {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS)
                    .get(resource).get("cleanup.policy").value();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic, e);
        }
    }
}
