package io.tributary.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics the stack creates before the workers start: Connect's three internal topics (two workers starting
 * together otherwise race to create them, and the loser's admin client logs an ERROR for a topic it has just
 * seen created), the pipelines' dead-letter topics (Connect logs an ERROR "doesn't exist. Will attempt to
 * create topic" for each one it has to create) and the topics the sinks read. Each is created as Connect would
 * create it.
 */
final class AheadTopics {

    private AheadTopics() {
    }

    /** Connect's internal topics as the shared worker settings name and size them: compacted, as Connect wants. */
    static List<NewTopic> internal(Properties worker) {
        Map<String, String> compact = Map.of("cleanup.policy", "compact");
        return List.of(
                topic(worker, "config.storage.topic", null, "config.storage.replication.factor", 1).configs(compact),
                topic(worker, "offset.storage.topic", "offset.storage.partitions", "offset.storage.replication.factor",
                        25).configs(compact),
                topic(worker, "status.storage.topic", "status.storage.partitions", "status.storage.replication.factor",
                        5).configs(compact));
    }

    /** A dead-letter topic per connector that names one: one partition, its replication factor (Connect's way). */
    static List<NewTopic> deadLetter(List<Map<String, String>> connectorConfigs) {
        List<NewTopic> topics = new ArrayList<>();
        for (Map<String, String> config : connectorConfigs) {
            String name = config.getOrDefault("errors.deadletterqueue.topic.name", "").trim();
            if (!name.isEmpty()) {
                short replication = Short.parseShort(config.getOrDefault(
                        "errors.deadletterqueue.topic.replication.factor", "3").trim());
                topics.add(new NewTopic(name, 1, replication));
            }
        }
        return topics;
    }

    /**
     * The topics the sinks read, each as the source whose {@code topic.prefix} begins its name would create it
     * ({@code topic.creation.default.*}: partitions, replication factor, -1 for the brokers' default, and every
     * other setting as a topic config). A sink deployed before its source has written, the CDC read model
     * above all (its connector is deployed last), would otherwise start on a missing topic and its consumer log
     * UNKNOWN_TOPIC_OR_PARTITION warnings until the source creates it. A topic no source prefix names is left to
     * its source.
     */
    static List<NewTopic> sinkInputs(List<Map<String, String>> connectorConfigs) {
        List<Map<String, String>> sources = connectorConfigs.stream()
                .filter(config -> !config.containsKey("topics") && !config.containsKey("topics.regex")
                        && config.containsKey("topic.prefix"))
                .toList();
        List<NewTopic> topics = new ArrayList<>();
        for (Map<String, String> sink : connectorConfigs) {
            for (String topic : sink.getOrDefault("topics", "").split(",")) {
                String name = topic.trim();
                sources.stream().filter(source -> !name.isEmpty() && name.startsWith(source.get("topic.prefix")))
                        .findFirst().ifPresent(source -> topics.add(createdBy(source, name)));
            }
        }
        return topics;
    }

    private static NewTopic createdBy(Map<String, String> source, String name) {
        String prefix = "topic.creation.default.";
        int partitions = Integer.parseInt(source.getOrDefault(prefix + "partitions", "1").trim());
        short replication = Short.parseShort(source.getOrDefault(prefix + "replication.factor", "-1").trim());
        Map<String, String> configs = new TreeMap<>();
        source.forEach((key, value) -> {
            String setting = key.startsWith(prefix) ? key.substring(prefix.length()) : null;
            if (setting != null && !setting.equals("partitions") && !setting.equals("replication.factor")) {
                configs.put(setting, value);
            }
        });
        NewTopic topic = replication == -1 ? new NewTopic(name, Optional.of(partitions), Optional.empty())
                : new NewTopic(name, partitions, replication);
        return topic.configs(configs);
    }

    /** Creates those of {@code topics} that do not exist yet; answers the names it created. */
    static List<String> create(String bootstrapServers, List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
            List<String> created = new ArrayList<>();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the brokers did not list their topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static NewTopic topic(Properties worker, String nameKey, String partitionsKey, String replicationKey,
            int defaultPartitions) {
        String name = worker.getProperty(nameKey);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("the shared worker settings lack " + nameKey);
        }
        int partitions = partitionsKey == null ? defaultPartitions
                : Integer.parseInt(worker.getProperty(partitionsKey, Integer.toString(defaultPartitions)).trim());
        short replication = Short.parseShort(worker.getProperty(replicationKey, "3").trim());
        return new NewTopic(name.trim(), partitions, replication);
    }
}
