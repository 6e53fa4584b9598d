package io.tributary.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.localservers.ConnectRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Deploys every connector file of {@code configs/ingest}, {@code configs/etl} and {@code configs/cdc}
 * through the REST API with {@code PUT /connectors/{name}/config}, which creates or updates: running
 * {@code up} again changes nothing that did not change on disk.
 */
final class Pipelines {

    static final List<String> FOLDERS = List.of("ingest", "etl", "cdc");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CDC_CONNECTOR = "io.tributary.connect.cdc.PostgresCdcSourceConnector";

    private final StackLayout layout;
    private final ConnectRest rest;

    Pipelines(StackLayout layout) {
        this.layout = layout;
        this.rest = new ConnectRest(layout.workerUrl(1));
    }

    List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (String folder : FOLDERS) {
            Path dir = layout.root.resolve("configs").resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.filter(file -> file.toString().endsWith(".json")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    /** The config map of every connector file, as text values (what the dead-letter topics are read from). */
    List<Map<String, String>> configs() {
        List<Map<String, String>> configs = new ArrayList<>();
        for (Path file : files()) {
            Map<String, String> config = new TreeMap<>();
            read(file).path("config").fields()
                    .forEachRemaining(entry -> config.put(entry.getKey(), entry.getValue().asText()));
            configs.add(config);
        }
        return configs;
    }

    /**
     * Deploys each file in three waves, each all at once (Connect validates each config on PUT, which reaches its
     * database: a second or so apiece): the sources but change data capture; then, once {@code beforeSinks} has
     * run (Elasticsearch answering), the sinks, whose configs name {@code topics} or {@code topics.regex}; then the
     * CDC connectors, last because every deployment rebalances the tasks, and a CDC task moved during its snapshot
     * starts the snapshot again (Debezium logs the interruption as an ERROR). Answers the connector names in the
     * files' order.
     */
    List<String> deploy(Runnable beforeSinks) {
        Map<Path, JsonNode> connectors = new LinkedHashMap<>();
        files().forEach(file -> connectors.put(file, read(file)));
        List<Path> sinks = new ArrayList<>();
        List<Path> captures = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        connectors.forEach((file, connector) -> {
            JsonNode config = connector.path("config");
            if (config.has("topics") || config.has("topics.regex")) {
                sinks.add(file);
            } else if (CDC_CONNECTOR.equals(config.path("connector.class").asText())) {
                captures.add(file);
            } else {
                sources.add(file);
            }
        });
        Map<Path, String> names = new HashMap<>(deployAll(sources, connectors));
        beforeSinks.run();
        names.putAll(deployAll(sinks, connectors));
        names.putAll(deployAll(captures, connectors));
        return connectors.keySet().stream().map(names::get).toList();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private Map<Path, String> deployAll(List<Path> files, Map<Path, JsonNode> connectors) {
        if (files.isEmpty()) {
            return Map.of();
        }
        ExecutorService deployers = Executors.newFixedThreadPool(files.size());
        try {
            Map<Path, Future<String>> names = new LinkedHashMap<>();
            for (Path file : files) {
                names.put(file, deployers.submit(() -> deploy(file, connectors.get(file))));
            }
            Map<Path, String> deployed = new HashMap<>();
            for (Map.Entry<Path, Future<String>> name : names.entrySet()) {
                deployed.put(name.getKey(), name.getValue().get());
            }
            return deployed;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deployers.shutdownNow();
        }
    }

    private String deploy(Path file, JsonNode connector) {
        String name = connector.path("name").asText();
        if (name.isEmpty() || !connector.path("config").isObject()) {
            throw new IllegalStateException(file + " must hold {\"name\": ..., \"config\": {...}}");
        }
        ConnectRest.Answer answer = rest.exchange("PUT",
                "connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/config",
                connector.path("config").toString());
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("deploying " + layout.root.relativize(file) + " failed with "
                    + answer.status() + ": " + answer.body());
        }
        Progress.say("deployed " + layout.root.relativize(file) + " as connector '" + name + "'");
        return name;
    }
}
