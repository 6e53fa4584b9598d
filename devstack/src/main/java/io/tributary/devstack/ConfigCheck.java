package io.tributary.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.localservers.ConnectRest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code validate FILE}: a connector file ({@code {"name": ..., "config": {...}}}, or the config map alone) checked
 * by a running worker with {@code PUT /connector-plugins/{class}/config/validate}, and only its errors printed, one
 * per line, key first. Connect's own answer lists every key of the plugin, valid or not, on one line of JSON.
 */
final class ConfigCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigCheck() {
    }

    /** The config of a connector file: its {@code config} object, or the file's object when it has none. */
    static ObjectNode config(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode config = root.has("config") ? root.get("config") : root;
        if (!config.isObject() || !config.hasNonNull("connector.class")) {
            throw new IllegalArgumentException(file + " holds no connector config with a connector.class");
        }
        ObjectNode copy = ((ObjectNode) config).deepCopy();
        if (!copy.has("name") && root.hasNonNull("name")) {
            copy.put("name", root.get("name").asText()); // some plugins check the name too
        }
        return copy;
    }

    /** The errors of a validate answer, one per line as {@code key: message}, in the order of the answer. */
    static List<String> errors(JsonNode answer) {
        List<String> lines = new ArrayList<>();
        for (JsonNode entry : answer.path("configs")) {
            JsonNode value = entry.path("value");
            for (JsonNode error : value.path("errors")) {
                lines.add(value.path("name").asText() + ": " + error.asText());
            }
        }
        return lines;
    }

    /** Validates {@code file} on {@code rest}'s worker and prints its errors; the number of errors. */
    static int run(ConnectRest rest, Path file) {
        ObjectNode config = config(file);
        String connectorClass = config.get("connector.class").asText();
        JsonNode answer;
        try {
            answer = rest.send("PUT", "connector-plugins/" + URLEncoder.encode(connectorClass, StandardCharsets.UTF_8)
                    + "/config/validate", JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> errors = errors(answer);
        errors.forEach(System.out::println);
        Progress.say(errors.isEmpty() ? file + ": valid" : file + ": " + errors.size() + " error(s)");
        return errors.size();
    }

    /** The file a user named, relative to the directory Maven ran in (the repository root) or absolute. */
    static Path resolve(Path root, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("validate needs a connector file: "
                    + "-Ddevstack.file=configs/ingest/x.json");
        }
        Path path = Path.of(name);
        if (!path.isAbsolute() && !Files.exists(path)) {
            path = root.resolve(name);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such connector file: " + name);
        }
        return path;
    }
}
