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
import java.util.List;
import java.util.stream.Stream;

/**
 * Deploys every connector file of {@code configs/ingest}, {@code configs/etl} and {@code configs/cdc}
 * through the REST API with {@code PUT /connectors/{name}/config}, which creates or updates: running
 * {@code up} again changes nothing that did not change on disk.
 */
final class Pipelines {

    static final List<String> FOLDERS = List.of("ingest", "etl", "cdc");
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Deploys each file; answers the connector names. */
    List<String> deploy() {
        List<String> names = new ArrayList<>();
        for (Path file : files()) {
            JsonNode connector;
            try {
                connector = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalStateException(file + " is not valid JSON: " + e.getMessage(), e);
            }
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
            names.add(name);
        }
        return names;
    }
}
