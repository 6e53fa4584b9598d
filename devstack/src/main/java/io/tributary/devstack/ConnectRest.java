package io.tributary.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The Connect REST API of one worker, as curl would use it. */
final class ConnectRest {

    /** An answer: the HTTP status and the JSON body (an empty object when there is none). */
    record Answer(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ConnectRest(String url) {
        this.url = url;
    }

    Answer send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /connectors?expand=status}: per connector, its {@code status} object. */
    JsonNode statuses() {
        Answer answer = send("GET", "/connectors?expand=status", null);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /connectors answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /**
     * True when every named connector and each of its (at least one) tasks is RUNNING, on the given worker
     * if {@code workerId} is not null. A status that names a dead worker stays RUNNING until the group
     * rebalances, which is why failover checks pin the worker.
     */
    boolean allRunning(Collection<String> connectors, String workerId) {
        JsonNode statuses;
        try {
            statuses = statuses();
        } catch (RuntimeException e) {
            return false; // the worker is rebalancing or restarting
        }
        for (String name : connectors) {
            JsonNode status = statuses.path(name).path("status");
            if (!running(status.path("connector"), workerId) || status.path("tasks").isEmpty()) {
                return false;
            }
            for (JsonNode task : status.path("tasks")) {
                if (!running(task, workerId)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The worker ids that run a task of the connector. */
    List<String> taskWorkers(String connector) {
        return statuses().path(connector).path("status").path("tasks").findValuesAsText("worker_id");
    }

    private static boolean running(JsonNode state, String workerId) {
        return "RUNNING".equals(state.path("state").asText())
                && (workerId == null || workerId.equals(state.path("worker_id").asText()));
    }
}
