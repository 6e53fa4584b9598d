package io.tributary.connect.testkit;

import java.util.HashMap;
import java.util.Map;

/** Worker properties the kit applies to every Connect worker, before a test's own. */
final class WorkerDefaults {

    private WorkerDefaults() {
    }

    static Map<String, String> forTests(int brokers) {
        Map<String, String> props = new HashMap<>();
        // ServiceLoader discovery: 0.3 s instead of a 12 s classpath scan per worker; our jars ship the manifests
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", "1000");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter.schemas.enable", "true");
        props.put("value.converter.schemas.enable", "true");
        // failover in seconds, not the production five minutes (see ENVIRONMENT.md)
        props.put("scheduled.rebalance.max.delay.ms", "0");
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "2000");
        String replication = Integer.toString(Math.min(brokers, 3));
        props.put("config.storage.replication.factor", replication);
        props.put("offset.storage.replication.factor", replication);
        props.put("status.storage.replication.factor", replication);
        // connectors may tune their own clients (producer.override.*, consumer.override.*, admin.override.*)
        props.put("connector.client.config.override.policy", "All");
        props.put("config.providers", "env");
        props.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        return props;
    }
}
