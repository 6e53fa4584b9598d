package io.tributary.connect.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.localservers.ConnectRest;
import io.tributary.localservers.ConnectRestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Connect REST API, spoken as users speak it: the same JSON a user POSTs, the same endpoints, over
 * {@link ConnectRest}, with what tests ask of it (typed statuses, validation results, waits that fail as
 * assertions). Non-2xx answers become {@link ConnectRestException} with the worker's message.
 */
public final class ConnectClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectRest rest;

    public ConnectClient(URI base) {
        this.rest = new ConnectRest(base);
    }

    public URI baseUrl() {
        return rest.baseUrl();
    }

    /** POST /connectors with a user's JSON ({@code {"name": ..., "config": {...}}}); returns the name. */
    public String createConnector(String connectorJson) {
        JsonNode created = send("POST", "connectors", connectorJson);
        return created.path("name").asText();
    }

    /** POST /connectors with the JSON of a file, such as one of configs/. */
    public String createConnector(Path connectorJsonFile) {
        try {
            return createConnector(Files.readString(connectorJsonFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + connectorJsonFile, e);
        }
    }

    /** POST /connectors from a name and a config map. */
    public String createConnector(String name, Map<String, String> config) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.set("config", JSON.valueToTree(config));
        return createConnector(body.toString());
    }

    /** PUT /connectors/{name}/config: creates or updates. */
    public void putConnectorConfig(String name, Map<String, String> config) {
        send("PUT", "connectors/" + encode(name) + "/config", toJson(config));
    }

    /** DELETE /connectors/{name}. */
    public void deleteConnector(String name) {
        send("DELETE", "connectors/" + encode(name), null);
    }

    /** GET /connectors. */
    public List<String> connectors() {
        return JSON.convertValue(send("GET", "connectors", null), new TypeReference<List<String>>() { });
    }

    /** GET /connector-plugins?connectorsOnly=false: class names of every connector, transform, predicate, converter. */
    public List<String> plugins() {
        List<String> classes = new ArrayList<>();
        send("GET", "connector-plugins?connectorsOnly=false", null)
                .forEach(plugin -> classes.add(plugin.path("class").asText()));
        return classes;
    }

    /** GET /connector-plugins?connectorsOnly=false: the reported version of one plugin class. */
    public String pluginVersion(String pluginClass) {
        for (JsonNode plugin : send("GET", "connector-plugins?connectorsOnly=false", null)) {
            if (pluginClass.equals(plugin.path("class").asText())) {
                return plugin.path("version").asText();
            }
        }
        throw new IllegalArgumentException("the worker has no plugin " + pluginClass);
    }

    /** PUT /connector-plugins/{class}/config/validate. The config must name {@code connector.class}. */
    public ConfigValidation validate(Map<String, String> config) {
        String connectorClass = config.get("connector.class");
        if (connectorClass == null) {
            throw new IllegalArgumentException("the config to validate names no connector.class");
        }
        JsonNode answer = send("PUT", "connector-plugins/" + encode(connectorClass) + "/config/validate",
                toJson(config));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode entry : answer.path("configs")) {
            JsonNode value = entry.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(error -> messages.add(error.asText()));
            if (!messages.isEmpty()) {
                errors.put(value.path("name").asText(), messages);
            }
        }
        return new ConfigValidation(answer.path("error_count").asInt(), errors);
    }

    /** GET /connectors/{name}/status. */
    public ConnectorStatus status(String name) {
        JsonNode status = send("GET", "connectors/" + encode(name) + "/status", null);
        List<ConnectorStatus.Task> tasks = new ArrayList<>();
        for (JsonNode task : status.path("tasks")) {
            tasks.add(new ConnectorStatus.Task(task.path("id").asInt(), task.path("state").asText(),
                    task.path("worker_id").asText(), textOrNull(task.path("trace"))));
        }
        JsonNode connector = status.path("connector");
        return new ConnectorStatus(status.path("name").asText(), connector.path("state").asText(),
                connector.path("worker_id").asText(), textOrNull(connector.path("trace")), tasks);
    }

    /**
     * Waits until the connector and exactly {@code tasks} tasks are RUNNING. Fails at once, with the
     * trace, when the connector or a task FAILED, and with the last status on timeout.
     */
    public ConnectorStatus awaitRunning(String name, int tasks, Duration timeout) {
        return await(name, timeout, "RUNNING with " + tasks + " task(s)", status -> {
            if (status.anyFailed()) {
                throw new AssertionError("connector " + name + " FAILED:\n" + status.traces());
            }
            return status.isRunning(tasks);
        });
    }

    /** Waits until the connector or any of its tasks is FAILED; returns that status (with its traces). */
    public ConnectorStatus awaitFailed(String name, Duration timeout) {
        return await(name, timeout, "FAILED", ConnectorStatus::anyFailed);
    }

    /** Waits until the worker no longer knows the connector. */
    public void awaitDeleted(String name, Duration timeout) {
        Poll.until(timeout, "connector " + name + " to be deleted", () -> !connectors().contains(name));
    }

    private ConnectorStatus await(String name, Duration timeout, String what, Predicate<ConnectorStatus> done) {
        ConnectorStatus[] last = new ConnectorStatus[1];
        Poll.until(timeout, () -> "connector " + name + " to be " + what + "; last status: " + last[0], () -> {
            try {
                last[0] = status(name);
            } catch (ConnectRestException e) {
                if (e.status() == 404) {
                    return false; // not yet known to the worker that answers
                }
                throw e;
            }
            return done.test(last[0]);
        });
        return last[0];
    }

    /** Any request; answers the parsed JSON body (an empty object for 204). */
    public JsonNode send(String method, String path, String jsonBody) {
        return rest.send(method, path, jsonBody);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
