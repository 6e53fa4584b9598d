package io.tributary.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.localservers.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * One screen of what runs: every server, every connector and task state, each pipeline's records per second, lag
 * and dead-letter count, records per topic, documents per index, replication slot lag.
 */
final class StatusView implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final StackLayout layout;
    private final LegacyDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Admin admin;

    StatusView(StackLayout layout, LegacyDatabase database) {
        this.layout = layout;
        this.database = database;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000));
    }

    String urls() {
        StringBuilder out = new StringBuilder();
        out.append("  Kafka bootstrap      ").append(layout.bootstrapServers()).append('\n');
        for (int worker = 1; worker <= StackLayout.WORKERS; worker++) {
            out.append("  Connect REST         ").append(layout.workerUrl(worker))
                    .append("/connectors?expand=status\n");
        }
        out.append("  Elasticsearch        ").append(layout.elasticsearchUrl()).append("/_cat/indices?v\n");
        out.append("  PostgreSQL (legacy)  ").append(layout.postgresJdbcUrl())
                .append("  user ").append(LegacyDatabase.USER).append(" / ").append(LegacyDatabase.PASSWORD)
                .append('\n');
        out.append("  logs                 ").append(layout.logs).append('\n');
        return out.toString();
    }

    String render(List<ServerProcess> servers) {
        StringBuilder out = new StringBuilder();
        out.append("---- ").append(LocalTime.now().format(CLOCK)).append(" ----\n");
        out.append("servers:    ").append(servers.stream()
                .map(server -> server.name() + (server.isAlive() ? " up " + server.rssMiB() + "MiB" : " DOWN"))
                .collect(Collectors.joining(", "))).append('\n');
        out.append(connectors());
        out.append(pipelines());
        out.append(topics());
        out.append(indices());
        out.append(slots());
        return out.toString();
    }

    private String connectors() {
        JsonNode all = getJson(layout.workerUrl(1) + "/connectors?expand=status");
        if (all == null) {
            return "connectors: (worker-1 does not answer)\n";
        }
        if (all.isEmpty()) {
            return "connectors: none deployed (configs/ingest, configs/etl, configs/cdc hold no connector files yet)\n";
        }
        StringBuilder out = new StringBuilder("connectors:\n");
        all.fields().forEachRemaining(entry -> {
            JsonNode status = entry.getValue().path("status");
            List<String> tasks = new ArrayList<>();
            status.path("tasks").forEach(task -> tasks.add(task.path("id").asInt() + ":" + task.path("state").asText()
                    + "@" + task.path("worker_id").asText()));
            out.append(String.format("  %-32s %-8s tasks %s%n", entry.getKey(),
                    status.path("connector").path("state").asText(), tasks));
        });
        return out.toString();
    }

    /** Records per second, lag and dead-letter counts per connector, from the workers' Prometheus exporters. */
    private String pipelines() {
        List<String> urls = layout.workers().stream().map(worker -> worker.metricsUrl())
                .filter(url -> url != null).toList();
        List<PipelineMetrics.Pipeline> pipelines = PipelineMetrics.summarize(PipelineMetrics.scrape(http, urls));
        if (pipelines.isEmpty()) {
            return "pipelines:  (no task metrics yet from " + String.join(", ", urls) + ")\n";
        }
        StringBuilder out = new StringBuilder("pipelines:\n");
        pipelines.forEach(pipeline -> out.append(pipeline.line()).append('\n'));
        return out.toString();
    }

    private String topics() {
        try {
            Set<String> names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            descriptions.values().forEach(topic -> topic.partitions().forEach(partition -> {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            }));
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            var starts = admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
            Map<String, Long> records = new TreeMap<>();
            ends.forEach((tp, end) -> records.merge(tp.topic(), end.offset() - starts.get(tp).offset(), Long::sum));
            return "topics:     " + records.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(Collectors.joining(", ")) + "\n";
        } catch (Exception e) {
            return "topics:     (brokers do not answer: " + e.getMessage() + ")\n";
        }
    }

    private String indices() {
        JsonNode indices = getJson(layout.elasticsearchUrl() + "/_cat/indices?format=json&h=index");
        if (indices == null) {
            return "indices:    (Elasticsearch does not answer)\n";
        }
        List<String> counts = new ArrayList<>();
        // _count rather than _cat's docs.count: an index nobody searches is not refreshed, and _cat would lag
        indices.forEach(index -> {
            String name = index.path("index").asText();
            JsonNode count = getJson(layout.elasticsearchUrl() + "/" + name + "/_count");
            counts.add(name + "=" + (count == null ? "?" : count.path("count").asText()));
        });
        counts.sort(String::compareTo);
        return "indices:    " + (counts.isEmpty() ? "none yet" : String.join(", ", counts)) + "\n";
    }

    private String slots() {
        try (Connection connection = database.connect(StackLayout.DATABASE);
             Statement statement = connection.createStatement();
             ResultSet slots = statement.executeQuery("SELECT slot_name, active, "
                     + "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS lag FROM pg_replication_slots")) {
            List<String> lags = new ArrayList<>();
            while (slots.next()) {
                lags.add(slots.getString(1) + (slots.getBoolean(2) ? " active" : " inactive") + " lag "
                        + slots.getLong(3) + " B");
            }
            return "cdc slots:  " + (lags.isEmpty() ? "none" : String.join(", ", lags)) + "\n";
        } catch (Exception e) {
            return "cdc slots:  (PostgreSQL does not answer: " + e.getMessage() + ")\n";
        }
    }

    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
